package practice

import (
	"encoding/json"
	"testing"
)

// The tamper-alert pattern shape (detail.resources is a list of objects)
// matches an event for the key and not one for another key or event name.
func TestPatternMatches(t *testing.T) {
	pattern := `{"source":["aws.kms"],"detail-type":["AWS API Call via CloudTrail"],
	  "detail":{"eventSource":["kms.amazonaws.com"],"eventName":["DisableKey","PutKeyPolicy"],
	  "resources":{"ARN":["arn:aws:kms:us-east-1:111122223333:key/mrk-1"]}}}`
	event := func(name, arn string) string {
		return `{"source":"aws.kms","detail-type":"AWS API Call via CloudTrail","detail":{"eventSource":"kms.amazonaws.com",
		  "eventName":"` + name + `","resources":[{"ARN":"arn:aws:kms:us-east-1:111122223333:key/other"},{"ARN":"` + arn + `"}]}}`
	}
	for _, tc := range []struct {
		event string
		want  bool
	}{
		{event("DisableKey", "arn:aws:kms:us-east-1:111122223333:key/mrk-1"), true},
		{event("PutKeyPolicy", "arn:aws:kms:us-east-1:111122223333:key/mrk-1"), true},
		{event("EnableKey", "arn:aws:kms:us-east-1:111122223333:key/mrk-1"), false},
		{event("DisableKey", "arn:aws:kms:us-east-1:111122223333:key/mrk-2"), false},
		{`{"source":"aws.kms"}`, false},
	} {
		var p, e any
		if err := json.Unmarshal([]byte(pattern), &p); err != nil {
			t.Fatal(err)
		}
		if err := json.Unmarshal([]byte(tc.event), &e); err != nil {
			t.Fatal(err)
		}
		if got := patternMatches(p, e); got != tc.want {
			t.Errorf("match(%s) = %v, want %v", tc.event, got, tc.want)
		}
	}
	// The tamper-alert rule's own shape: "$or" between the CloudTrail
	// events and KMS's deletion event.
	or := `{"source":["aws.kms"],"$or":[{"detail-type":["AWS API Call via CloudTrail"],"detail":{"eventName":["DisableKey"]}},
	  {"detail-type":["KMS CMK Deletion"],"resources":["arn:k"]}]}`
	for ev, want := range map[string]bool{
		`{"source":"aws.kms","detail-type":"AWS API Call via CloudTrail","detail":{"eventName":"DisableKey"}}`: true,
		`{"source":"aws.kms","detail-type":"KMS CMK Deletion","resources":["arn:k"]}`:                          true,
		`{"source":"aws.kms","detail-type":"KMS CMK Deletion","resources":["arn:other"]}`:                      false,
		`{"source":"aws.kms","detail-type":"AWS API Call via CloudTrail","detail":{"eventName":"EnableKey"}}`:  false,
	} {
		var p, e any
		json.Unmarshal([]byte(or), &p)
		json.Unmarshal([]byte(ev), &e)
		if got := patternMatches(p, e); got != want {
			t.Errorf("$or: match(%s) = %v, want %v", ev, got, want)
		}
	}
	var p, e any
	json.Unmarshal([]byte(`{"detail":{"userName":[{"prefix":"adm"}],"x":[{"exists":false}],"y":[{"anything-but":["a"]}]}}`), &p)
	json.Unmarshal([]byte(`{"detail":{"userName":"admin","y":"b"}}`), &e)
	if !patternMatches(p, e) {
		t.Error("prefix, exists and anything-but filters do not match")
	}
}

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
	var p, e any
	json.Unmarshal([]byte(`{"detail":{"userName":[{"prefix":"adm"}],"x":[{"exists":false}],"y":[{"anything-but":["a"]}]}}`), &p)
	json.Unmarshal([]byte(`{"detail":{"userName":"admin","y":"b"}}`), &e)
	if !patternMatches(p, e) {
		t.Error("prefix, exists and anything-but filters do not match")
	}
}

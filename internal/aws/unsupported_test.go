package aws

import (
	"encoding/json"
	"testing"
	"time"

	sdkaws "github.com/aws/aws-sdk-go-v2/aws"
	cttypes "github.com/aws/aws-sdk-go-v2/service/cloudtrail/types"
)

func TestLooksUnsupported(t *testing.T) {
	for _, tc := range []struct {
		status int
		body   string
		want   bool
	}{
		{500, "<!doctype html><title>500 Internal Server Error</title>", true}, // an emulator's generic page
		{501, `{"__type":"InternalFailure","message":"API action not yet implemented"}`, true},
		{400, `{"__type":"UnknownOperationException"}`, true},
		{404, "404 page not found", true},
		{500, "", true},
		{400, `{"__type":"InvalidAction","message":"x"}`, true},
		{500, `{"__type":"KMSInternalException","message":"internal error"}`, false}, // real KMS trouble
		{400, `{"__type":"AccessDeniedException","message":"not authorized"}`, false},
		{400, `{"__type":"NotFoundException","message":"Key does not exist"}`, false},
		{503, "<html>Service Unavailable</html>", false}, // a proxy in trouble: retry, then report
		{200, "<html></html>", false},
	} {
		if _, got := looksUnsupported(tc.status, []byte(tc.body)); got != tc.want {
			t.Errorf("looksUnsupported(%d, %q) = %v, want %v", tc.status, tc.body, got, tc.want)
		}
	}
}

func TestTrailEventReadsTheCaller(t *testing.T) {
	at := time.Date(2026, 11, 20, 10, 4, 0, 0, time.UTC)
	rec, _ := json.Marshal(map[string]any{
		"eventSource": "kms.amazonaws.com", "eventName": "GenerateDataKey",
		"userIdentity": map[string]any{"type": "AWSAccount", "accountId": "409910850980"},
	})
	ev := trailEvent(cttypes.Event{EventId: sdkaws.String("e1"), EventTime: &at, CloudTrailEvent: sdkaws.String(string(rec))})
	if ev.AccountID != "409910850980" || ev.Name != "GenerateDataKey" || ev.Source != "kms.amazonaws.com" || !ev.Time.Equal(at) || ev.ID != "e1" {
		t.Errorf("event %+v", ev)
	}
	// A record that is not JSON leaves the caller unknown.
	ev = trailEvent(cttypes.Event{EventName: sdkaws.String("Decrypt"), CloudTrailEvent: sdkaws.String("{")})
	if ev.AccountID != "" || ev.Name != "Decrypt" {
		t.Errorf("broken record: %+v", ev)
	}
}

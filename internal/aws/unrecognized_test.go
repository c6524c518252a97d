package aws

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
)

// An UnrecognizedClientException suggests enabling the Region only where
// that can be the cause: an opt-in Region that has not answered in this run.
func TestUnrecognizedClientSuggestsOptInOnlyWhereItCanBeTheCause(t *testing.T) {
	var calls atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/x-amz-json-1.1")
		if calls.Add(1) == 1 {
			// The first call works: an empty ListAliases page.
			w.Write([]byte(`{"Aliases":[],"Truncated":false}`))
			return
		}
		w.WriteHeader(400)
		w.Write([]byte(`{"__type":"UnrecognizedClientException","message":"The security token included in the request is invalid."}`))
	}))
	defer srv.Close()
	t.Setenv("AWS_ACCESS_KEY_ID", "test")
	t.Setenv("AWS_SECRET_ACCESS_KEY", "test")
	optIn := func(r string) bool { return r == "ap-east-1" || r == "af-south-1" }
	ctx := context.Background()

	for _, tc := range []struct {
		name, region string
		first        bool // a first call in the Region answers before the failing one
		kind         Kind
		want, not    string
	}{
		{"opt-in Region, first call", "af-south-1", false, KindRegionDisabled, "AWS Regions", ""},
		{"opt-in Region that already answered", "ap-east-1", true, KindBadCredentials, "access key", "AWS Regions"},
		{"Region enabled by default", "us-east-1", false, KindBadCredentials, "access key", "AWS Regions"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, err := Load(ctx, Config{EndpointURL: srv.URL, MaxAttempts: 1, OptInRegion: optIn})
			if err != nil {
				t.Fatal(err)
			}
			if tc.first {
				calls.Store(0)
				if err := c.KMS(tc.region).Probe(ctx); err != nil {
					t.Fatalf("first call: %v", err)
				}
			} else {
				calls.Store(1)
			}
			_, err = c.KMS(tc.region).DescribeKey(ctx, "alias/zoom-cmk")
			if KindOf(err) != tc.kind {
				t.Errorf("kind %v, want %v: %v", KindOf(err), tc.kind, err)
			}
			if err == nil || !strings.Contains(err.Error(), tc.want) || (tc.not != "" && strings.Contains(err.Error(), tc.not)) {
				t.Errorf("message:\n%v", err)
			}
		})
	}
}

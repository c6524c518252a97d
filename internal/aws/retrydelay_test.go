package aws

import (
	"context"
	"errors"
	"testing"
	"time"
)

// RetryDelay is the SDK's backoff: positive, and within its 20s cap.
func TestRetryDelayIsTheSDKBackoff(t *testing.T) {
	c, err := Load(context.Background(), Config{EndpointURL: "http://127.0.0.1:1"})
	if err != nil {
		t.Fatal(err)
	}
	for attempt := 1; attempt <= 6; attempt++ {
		if d := c.RetryDelay(attempt, errors.New("internal error")); d <= 0 || d > 20*time.Second {
			t.Errorf("attempt %d: delay %s, want in (0, 20s]", attempt, d)
		}
	}
	if c.CallTimeout() != DefaultCallTimeout {
		t.Errorf("CallTimeout = %s, want the default %s", c.CallTimeout(), DefaultCallTimeout)
	}
}

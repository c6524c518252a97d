package moto

import (
	"net/http"
	"testing"
)

func TestStartAndReset(t *testing.T) {
	s := StartT(t)
	if err := s.Reset(); err != nil {
		t.Fatal(err)
	}
	resp, err := http.Get(s.URL + "/moto-api/")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("moto answered HTTP %d", resp.StatusCode)
	}
}

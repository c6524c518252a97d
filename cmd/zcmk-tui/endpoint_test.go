package main

import "testing"

func TestValidateEndpoint(t *testing.T) {
	for _, tc := range []struct {
		url      string
		insecure bool
		ok       bool
	}{
		{"http://127.0.0.1:5000", false, true},
		{"http://127.9.9.9", false, true},
		{"http://localhost:4566", false, true},
		{"http://[::1]:5000", false, true},
		{"https://kms.example.com", false, true},
		{"http://kms.example.com", false, false},
		{"http://10.0.0.5:5000", false, false},
		{"http://kms.example.com", true, true},
		{"file:///", true, false},
		{"localhost:5000", false, false},
	} {
		if err := validateEndpoint(tc.url, tc.insecure); (err == nil) != tc.ok {
			t.Errorf("validateEndpoint(%q, %v) = %v", tc.url, tc.insecure, err)
		}
	}
}

func TestUsableRegion(t *testing.T) {
	for _, r := range []string{"us-east-1", "ap-northeast-3", "us-gov-west-1", "cn-north-1"} {
		if err := usableRegion(r); err != nil {
			t.Errorf("%s: %v", r, err)
		}
	}
	for _, r := range []string{"garbage!", "moon-1", "us-gov-west-1!", "US-EAST-1", ""} {
		if usableRegion(r) == nil {
			t.Errorf("%q accepted", r)
		}
	}
}

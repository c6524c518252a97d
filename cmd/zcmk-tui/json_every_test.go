package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"path/filepath"
	"testing"

	"github.com/zcmk/zcmk-tui/internal/state"
)

// oneJSONObject decodes stdout as exactly one JSON object and nothing more,
// the --output json contract.
func oneJSONObject(t *testing.T, what string, r runResult) map[string]any {
	t.Helper()
	dec := json.NewDecoder(bytes.NewReader([]byte(r.stdout)))
	var obj map[string]any
	if err := dec.Decode(&obj); err != nil {
		t.Errorf("%s: stdout is not one JSON object (%v):\n%s", what, err, r.stdout)
		return nil
	}
	var extra any
	if err := dec.Decode(&extra); !errors.Is(err, io.EOF) {
		t.Errorf("%s: more than one JSON value on stdout:\n%s", what, r.stdout)
	}
	return obj
}

// Every command under --output json prints one JSON object on stdout:
// version and checklist printed text before.
func TestEveryCommandUnderJSONPrintsOneObject(t *testing.T) {
	dir := t.TempDir()
	stateFile := filepath.Join(dir, "session.json")
	primary := "arn:aws:kms:us-east-1:111122223333:key/mrk-1234abcd12ab34cd56ef1234567890ab"
	replica := "arn:aws:kms:us-west-2:111122223333:key/mrk-1234abcd12ab34cd56ef1234567890ab"
	if err := state.Save(stateFile, &state.Session{
		Version: 1, AccountID: "111122223333", PrimaryRegion: "us-east-1", Replicas: []string{"us-west-2"},
		Keys: []state.Key{
			{Region: "us-east-1", Role: state.RolePrimary, ARN: primary},
			{Region: "us-west-2", Role: state.RoleReplica, ARN: replica},
		},
		Ticks: map[string]bool{"paste-arns": true},
	}); err != nil {
		t.Fatal(err)
	}

	v := oneJSONObject(t, "version", zcmk(t, nil, "version", "--output", "json"))
	if v != nil && (v["version"] == nil || v["commit"] == nil || v["built"] == nil) {
		t.Errorf("version JSON lacks a field: %v", v)
	}

	r := zcmk(t, nil, "checklist", "--output", "json", "--state-file", stateFile)
	if r.code != 0 {
		t.Fatalf("checklist --output json: exit %d\n%s", r.code, r.stderr)
	}
	var cl checklistJSON
	if err := json.Unmarshal([]byte(r.stdout), &cl); err != nil {
		t.Fatalf("checklist: %v\n%s", err, r.stdout)
	}
	oneJSONObject(t, "checklist", r)
	if len(cl.ARNs) != 2 || cl.ARNs[0] != primary || cl.ARNs[1] != replica {
		t.Errorf("checklist ARNs = %v, want primary then replica", cl.ARNs)
	}
	if len(cl.Steps) == 0 || cl.Steps[0].ID != "paste-arns" || !cl.Steps[0].Done || cl.Steps[1].Done {
		t.Errorf("checklist steps/ticks wrong: %+v", cl.Steps)
	}
	if cl.Ticket != nil {
		t.Errorf("a ticket without --ticket")
	}

	r = zcmk(t, []string{"LANG=ja_JP.UTF-8"}, "checklist", "--ticket", "--output", "json", "--state-file", stateFile, "--groups", "Legal")
	if err := json.Unmarshal([]byte(r.stdout), &cl); err != nil || cl.Ticket == nil || cl.Lang != "ja" {
		t.Fatalf("checklist --ticket (ja): %v lang=%q\n%s", err, cl.Lang, r.stdout)
	}
	if !bytes.Contains([]byte(*cl.Ticket), []byte(primary)) || !bytes.Contains([]byte(*cl.Ticket), []byte("Legal")) {
		t.Errorf("ticket lacks the ARN or the group:\n%s", *cl.Ticket)
	}

	// What does not apply is a usage error, as one JSON error object.
	for _, args := range [][]string{
		{"checklist", "--output", "json", "--format", "markdown", "--state-file", stateFile},
		{"man", "--output", "json"},
	} {
		r := zcmk(t, nil, args...)
		obj := oneJSONObject(t, args[0], r)
		if r.code != exitUsage || obj == nil || obj["error"] == nil {
			t.Errorf("%v: exit %d, want %d and an error object:\n%s", args, r.code, exitUsage, r.stdout)
		}
	}
}

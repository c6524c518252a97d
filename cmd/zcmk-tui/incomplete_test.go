package main

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"github.com/zcmk/zcmk-tui/internal/state"
)

// A session edited by hand (or damaged but still parseable) whose key set
// lacks an ARN is never printed as the ARNs to paste: `checklist` (text,
// Markdown, JSON, --ticket) and `runbook` label it INCOMPLETE with the
// command that finishes it, as the wizard's exit summary does.
func TestChecklistAndRunbookOfAnIncompleteSet(t *testing.T) {
	const id = "mrk-1234abcd12ab34cd56ef1234567890ab"
	arn := func(r string) string { return "arn:aws:kms:" + r + ":111122223333:key/" + id }
	stateFile := filepath.Join(t.TempDir(), "session.json")
	s := &state.Session{
		Version: 1, AccountID: "111122223333", Partition: "aws", Alias: "alias/zoom-cmk",
		PrimaryRegion: "us-east-1", Replicas: []string{"us-west-2", "eu-west-1"}, Step: "portal",
		Keys: []state.Key{
			{Region: "us-east-1", Role: state.RolePrimary, KeyID: id, ARN: arn("us-east-1")},
			{Region: "us-west-2", Role: state.RoleReplica, KeyID: id, ARN: arn("us-west-2")},
			{Region: "eu-west-1", Role: state.RoleReplica, KeyID: id},
		},
	}
	if err := state.Save(stateFile, s); err != nil {
		t.Fatal(err)
	}
	finish := "zcmk-tui setup --region us-east-1 --replica-region us-west-2,eu-west-1 --key " + arn("us-east-1")
	for _, tc := range []struct {
		args  []string
		wants []string
		not   []string
	}{
		{[]string{"checklist"}, []string{"INCOMPLETE", "    " + finish + "\n", "(not created yet)"}, []string{"Key ARNs to paste"}},
		{[]string{"checklist", "--format", "markdown"}, []string{"**The key set is INCOMPLETE", "    " + finish + "\n"}, []string{"Key ARNs to paste", "- Primary"}},
		{[]string{"checklist", "--lang", "ja"}, []string{"未完成", "    " + finish + "\n", "(未作成)"}, []string{"貼り付けるキー ARN"}},
		{[]string{"checklist", "--ticket"}, []string{"<key ARNs: the key set is INCOMPLETE"}, []string{"  - arn:"}},
		{[]string{"runbook"}, []string{"**The key set is INCOMPLETE", finish, "| (not created yet) |"}, []string{"Key ARNs to paste", "  - arn:"}},
	} {
		r := zcmk(t, nil, append(tc.args, "--state-file", stateFile)...)
		if r.code != 0 {
			t.Errorf("%q: exit %d\n%s", tc.args, r.code, r.stderr)
			continue
		}
		for _, w := range tc.wants {
			if !strings.Contains(r.stdout, w) {
				t.Errorf("%q lacks %q:\n%s", tc.args, w, r.stdout)
			}
		}
		for _, n := range tc.not {
			if strings.Contains(r.stdout, n) {
				t.Errorf("%q lists the partial set as the ARNs to paste (%q):\n%s", tc.args, n, r.stdout)
			}
		}
		if tc.args[len(tc.args)-1] == "--ticket" && (!strings.Contains(r.stderr, "INCOMPLETE") || !strings.Contains(r.stderr, finish)) {
			t.Errorf("checklist --ticket does not tell the admin on stderr:\n%s", r.stderr)
		}
	}

	r := zcmk(t, nil, "checklist", "--output", "json", "--state-file", stateFile)
	var doc struct {
		ARNs          []string `json:"arns"`
		Incomplete    bool     `json:"incomplete"`
		FinishCommand string   `json:"finish_command"`
		Keys          []struct {
			Role, Region, ARN string
		} `json:"keys"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &doc); err != nil || r.code != 0 {
		t.Fatalf("checklist --output json: exit %d, %v\n%s\n%s", r.code, err, r.stdout, r.stderr)
	}
	if len(doc.ARNs) != 0 || !doc.Incomplete || doc.FinishCommand != finish || len(doc.Keys) != 3 || doc.Keys[2].ARN != "" || doc.Keys[0].ARN != arn("us-east-1") {
		t.Errorf("checklist --output json of an incomplete set: %+v", doc)
	}

	// A whole set: the ARNs, and incomplete false.
	s.Keys[2].ARN = arn("eu-west-1")
	if err := state.Save(stateFile, s); err != nil {
		t.Fatal(err)
	}
	r = zcmk(t, nil, "checklist", "--output", "json", "--state-file", stateFile)
	doc.ARNs, doc.Keys, doc.FinishCommand = nil, nil, ""
	if err := json.Unmarshal([]byte(r.stdout), &doc); err != nil || len(doc.ARNs) != 3 || doc.Incomplete || doc.FinishCommand != "" || len(doc.Keys) != 0 {
		t.Errorf("checklist --output json of a whole set: %+v (%v)\n%s", doc, err, r.stdout)
	}
}

package setup

import (
	"bytes"
	"errors"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/kms/types"
	"github.com/aws/smithy-go"

	awsx "github.com/zcmk/zcmk-tui/internal/aws"
	"github.com/zcmk/zcmk-tui/internal/i18n"
	"github.com/zcmk/zcmk-tui/internal/state"
)

var (
	missingID = regexp.MustCompile(`![a-z]+\.[a-z0-9.-]+`)
	kana      = regexp.MustCompile(`[\p{Hiragana}\p{Katakana}]`)
)

// everyCheck is a report with the checks verify makes in their failing,
// warning and ok forms, built by the same functions verify uses.
func everyCheck() *VerifyReport {
	arn := "arn:aws:kms:ap-northeast-1:123456789012:key/mrk-1234abcd12ab34cd56ef1234567890ab"
	key := func(state string) *awsx.Key {
		return &awsx.Key{KeyID: "mrk-1234abcd12ab34cd56ef1234567890ab", ARN: arn, State: state, Spec: "SYMMETRIC_DEFAULT",
			Usage: "ENCRYPT_DECRYPT", Origin: "AWS_KMS", MultiRegion: true, PrimaryRegion: "ap-northeast-1",
			DeletionDate: time.Date(2026, 12, 5, 23, 30, 0, 0, time.UTC)}
	}
	var checks []Check
	for _, s := range []string{"Enabled", "Creating", "Disabled", "PendingDeletion", "Unavailable", "PendingImport"} {
		checks = append(checks, keyStateCheck(key(s), "ap-northeast-1"))
	}
	bad := key("Enabled")
	bad.Spec, bad.Usage, bad.Origin, bad.Manager, bad.MultiRegion = "RSA_2048", "SIGN_VERIFY", "EXTERNAL", "AWS", false
	checks = append(checks, keyKindCheck(key("Enabled"), "ap-northeast-1"), keyKindCheck(key("Enabled"), "ap-northeast-3"), keyKindCheck(bad, "ap-northeast-1"))
	denied := awsx.Classify(&smithy.GenericAPIError{Code: "AccessDeniedException", Message: "not authorized to perform: kms:GetKeyPolicy"}, "GetKeyPolicy", "ap-northeast-1", "", "")
	checks = append(checks, errorCheck(CheckZoomGrant, denied), errorCheck(CheckAlias, errors.New("plain failure")))
	v := &evaluator{o: VerifyOptions{Alias: "alias/zoom-cmk", ZoomAccountID: "409910850980", Since: 7 * 24 * time.Hour}, keyID: "mrk-1234abcd12ab34cd56ef1234567890ab",
		primaryRegion: "ap-northeast-1", now: time.Date(2026, 11, 29, 12, 0, 0, 0, time.UTC), setupAt: time.Date(2026, 11, 20, 12, 0, 0, 0, time.UTC)}
	checks = append(checks, v.callFailed(CheckRotation, key("Disabled"), awsx.Classify(&types.KMSInvalidStateException{}, "GetKeyRotationStatus", "ap-northeast-1", "", "")))
	rep := &VerifyReport{Keys: []KeyReport{{Region: "ap-northeast-1", Role: RolePrimary, ARN: arn, Checks: checks}}}
	addDrillChecks(rep, &state.Drill{StartedAt: v.now, Regions: []state.DrillRegion{{Region: "ap-northeast-1"}, {Region: "ap-northeast-3"}}})
	rep.addNote(msg("verify.denied-calls-note"))
	rep.addOrphans([]string{arn}, nil, nil)
	return rep
}

// Verify's table in Japanese: every detail and fix in Japanese (ARNs,
// commands and key states literal), no missing message, no line wider than
// the terminal except one that holds an ARN; in English, the same report
// reads as it always did.
func TestRenderVerifyInJapanese(t *testing.T) {
	rep := everyCheck()
	var b bytes.Buffer
	RenderVerifyIn(&b, i18n.NewPrinter(i18n.Japanese), rep, 80)
	out := b.String()
	if m := missingID.FindString(out); m != "" {
		t.Errorf("missing message %s:\n%s", m, out)
	}
	for _, l := range strings.Split(out, "\n") {
		if w := i18n.Width(l); w > 80 && !strings.Contains(l, "arn:") && !strings.Contains(l, "mrk-") {
			t.Errorf("line of %d columns: %q", w, l)
		}
		for _, p := range []string{"。", "、", ")", "）"} {
			if strings.HasPrefix(strings.TrimLeft(l, " "), p) {
				t.Errorf("line starts with %q: %q", p, l)
			}
		}
	}
	for _, want := range []string{"失敗", "警告", "対処: ", "削除保留中です", "aws kms cancel-key-deletion", "mrk-1234abcd12ab34cd56ef1234567890ab", "PendingDeletion", "Zoom CMK はこのキーを使えません", "kms:GetKeyPolicy", "zcmk-tui drill --restore"} {
		if !strings.Contains(out, want) {
			t.Errorf("no %q in:\n%s", want, out)
		}
	}
	for _, c := range rep.Keys[0].Checks {
		if c.Text.ID == "" {
			t.Errorf("%s: detail %q has no message", c.ID, c.Detail())
		}
		if c.Fix() != "" && c.FixText.ID == "" {
			t.Errorf("%s: fix %q has no message", c.ID, c.Fix())
		}
		if ja := i18n.NewPrinter(i18n.Japanese).M(c.Text); c.Detail() != "plain failure" && !kana.MatchString(ja) && ja != "Enabled" {
			t.Errorf("%s: not Japanese: %q", c.ID, ja)
		}
	}
	var e bytes.Buffer
	RenderVerifyIn(&e, en, rep, 80)
	if kana.MatchString(e.String()) || missingID.MatchString(e.String()) {
		t.Errorf("English table:\n%s", e.String())
	}
	for _, n := range rep.NoteTexts {
		if s := i18n.NewPrinter(i18n.Japanese).M(n); !kana.MatchString(s) {
			t.Errorf("note not Japanese: %q", s)
		}
	}
}

// The drill's refusal, the restore failure with its manual commands and the
// in-progress warning say themselves in Japanese, the commands literal.
func TestDrillTextsInJapanese(t *testing.T) {
	ja := i18n.NewPrinter(i18n.Japanese)
	denied := awsx.Classify(&smithy.GenericAPIError{Code: "AccessDeniedException", Message: "not authorized to perform: kms:EnableKey"}, "EnableKey", "ap-northeast-3", "", "")
	target := DrillTarget{Region: "ap-northeast-3", Role: RoleReplica, KeyID: "mrk-1", ARN: "arn:aws:kms:ap-northeast-3:123456789012:key/mrk-1"}
	rerr := &RestoreError{Failed: []RestoreFailure{{Target: target, Err: denied}}}
	refused := &DrillRefusedError{}
	refused.refuse(msg("drill.refused.no-replica", "ap-northeast-1"))
	refused.refuse(msg("drill.refused.not-healthy"))
	rec := &state.Drill{StartedAt: time.Date(2026, 11, 29, 12, 0, 0, 0, time.UTC), Regions: []state.DrillRegion{{Region: "ap-northeast-3"}}}
	for name, text := range map[string]string{
		"restore failure": ja.Err(rerr),
		"refusal":         ja.Err(refused),
		"in progress":     ja.Err(&DrillInProgressError{Drill: rec}),
		"warning":         DrillWarningIn(ja, rec),
		"validation":      ja.Err(ValidateDrill(&DrillOptions{Scope: "everything", Save: func(*state.Drill) error { return nil }})),
	} {
		if !kana.MatchString(text) || missingID.MatchString(text) {
			t.Errorf("%s: %s", name, text)
		}
	}
	if s := ja.Err(rerr); !strings.Contains(s, "\n  "+EnableKeyCommand(target)+"\n") || !strings.Contains(s, "zcmk-tui drill --restore") {
		t.Errorf("restore failure lacks the manual command:\n%s", s)
	}
	if rerr.Error() != i18n.NewPrinter(i18n.English).Err(rerr) || !strings.HasPrefix(rerr.Error(), "RESTORE FAILED: the key is still NOT Enabled in ap-northeast-3.") {
		t.Errorf("English: %s", rerr.Error())
	}
}

package ui

import "fmt"

// Catalogue maps message ids to text (fmt verbs for arguments). English is
// the only one now; a Japanese catalogue is another value of this type with
// the same ids (msgs_test.go checks that every id the code uses exists).
type Catalogue map[string]string

// T returns the message id, formatted with args. A missing id shows as
// "!id" so that it is seen, never as an empty string.
func (c Catalogue) T(id string, args ...any) string {
	s, ok := c[id]
	if !ok {
		return "!" + id
	}
	if len(args) > 0 {
		return fmt.Sprintf(s, args...)
	}
	return s
}

// Catalogues are the known catalogues by language tag.
var Catalogues = map[string]Catalogue{"en": English}

// English is the English catalogue.
var English = Catalogue{
	// Header and steps.
	"header.step":      "Step %d of %d: %s",
	"header.dryrun":    "[DRY RUN: nothing is written to AWS]",
	"step.prereq":      "Prerequisites",
	"step.regions":     "Regions",
	"step.key":         "Key",
	"step.policy":      "Policy",
	"step.arns":        "ARNs",
	"step.portal":      "Zoom portal",
	"role.primary":     "Primary",
	"role.replica":     "Replica",
	"quit.confirm":     "A change to AWS is in progress. Stop it? (y: stop, n: go on) The call in flight is cancelled and nothing more is changed; run the wizard again to continue: it finds what was already done.",
	"quit.stopping":    "Stopping…",
	"flash.saveFailed": "could not save the session file: %v",
	"error.fix":        "How to fix:",

	// Keys (help line).
	"key.quit":      "quit",
	"key.back":      "back",
	"key.help":      "more keys",
	"key.next":      "continue",
	"key.retry":     "retry",
	"key.dryrun":    "dry run",
	"key.apply":     "apply",
	"key.cancel":    "back",
	"key.up":        "up",
	"key.down":      "down",
	"key.copy":      "copy",
	"key.tick":      "tick",
	"key.emails":    "e-mails",
	"key.datatypes": "types",
	"key.ticket":    "ticket",
	"key.export":    "runbook",
	"key.diff":      "policy/diff",
	"key.finish":    "finish",
	"key.yes":       "yes",
	"key.no":        "no",
	"key.close":     "close",
	"key.verify":    "verify now",
	"key.recheck":   "check again",

	// Step 1.
	"prereq.need":                 "What you need before you start (confirm each; enter = yes)",
	"prereq.yes":                  "Yes, we have it",
	"prereq.no":                   "Not yet",
	"prereq.item.plan":            "A Zoom plan with the Customer Managed Key entitlement",
	"prereq.item.plan.desc":       "CMK is an add-on: your Zoom reseller or account team can tell you whether your account has it.",
	"prereq.item.plan.missing":    "Ask your Zoom reseller or account team to add the CMK entitlement first; without it the portal has no CMK settings.",
	"prereq.item.role":            "The Zoom account owner or admin role",
	"prereq.item.role.desc":       "Only the owner or an admin can open Configure Customer Managed Key in the Zoom web portal.",
	"prereq.item.role.missing":    "Ask the Zoom account owner to give you the admin role, or to do the portal steps at the end.",
	"prereq.item.aws":             "An AWS account where you may administer KMS keys",
	"prereq.item.aws.desc":        "Setup creates and configures the key: CreateKey, CreateAlias, PutKeyPolicy, ReplicateKey, EnableKeyRotation and read-only KMS calls.",
	"prereq.item.aws.missing":     "Ask your AWS administrator for KMS administration rights (zcmk-tui setup --help lists them); meanwhile a dry run shows every step.",
	"prereq.item.clients":         "Zoom clients 5.7.6 or later everywhere",
	"prereq.item.clients.desc":    "Desktop and mobile clients older than 5.7.6 cannot use CMK-protected content.",
	"prereq.item.clients.missing": "Update the Zoom clients (5.7.6 or later on every platform) before you turn CMK on.",
	"prereq.confirmed":            "Prerequisites confirmed.",
	"prereq.protects":             "What CMK protects:",
	"prereq.protects.when":        "Only content created after CMK is on, for licensed users.",
	"prereq.notprotected":         "Not protected:",
	"prereq.checks":               "Live checks",
	"prereq.check.id.running":     "Looking for AWS credentials…",
	"prereq.check.id.ok":          "AWS credentials: account %s (%s), profile %s",
	"prereq.check.id.failed":      "AWS credentials",
	"prereq.profile.default":      "default",
	"prereq.check.kms.running":    "Checking KMS in %s…",
	"prereq.check.kms.ok":         "KMS answers in %s (read-only check)",
	"prereq.check.kms.failed":     "KMS in %s",
	"prereq.check.kms.skipped":    "KMS in %s: not checked without credentials",
	"prereq.retry":                "Fix the cause, then press r to check again.",
	"prereq.dry.offer":            "No credentials? Press d for a DRY RUN: every step, nothing written to AWS, nothing saved.",
	"prereq.dry.title":            "DRY RUN without credentials",
	"prereq.dry.explain":          "The wizard walks every step and shows the key policy and the plan for your account, without calling AWS. Nothing is created and no session is saved.",
	"prereq.dry.account":          "Your 12-digit AWS account ID",
	"prereq.dry.account.desc":     "Used to write the key policy (your account keeps control of the key).",
	"prereq.dry.offline":          "DRY RUN for account %s: no AWS calls, nothing is written.",
	"prereq.waiting":              "Waiting for the live checks…",

	// Step 2.
	"regions.mode":             "Which key?",
	"regions.mode.desc":        "Zoom needs a symmetric multi-Region KMS key. A single-Region key can never become one.",
	"regions.mode.new":         "Create a new multi-Region key (recommended)",
	"regions.mode.existing":    "Use an existing multi-Region key",
	"regions.existing":         "Existing key: alias, key ARN or key ID",
	"regions.existing.desc":    "e.g. alias/zoom-cmk or arn:aws:kms:us-east-1:123456789012:key/mrk-…",
	"regions.existing.single":  "this is a single-Region key (its ID does not start with mrk-): Zoom CMK needs a multi-Region key, and a single-Region key can never become one; create a new key instead",
	"regions.primary":          "Primary Region",
	"regions.primary.desc":     "Choose the Region where your Zoom account's data resides (data residency; Zoom's default is us-east-1). Type / to filter.",
	"regions.replicas":         "Replica Regions for %s",
	"regions.replicas.desc":    "Copies of the key for redundancy: if one Region's key is unusable, Zoom uses another. space selects, / filters, enter accepts.",
	"regions.suggested":        "(suggested)",
	"regions.optin":            "(opt-in Region)",
	"regions.summary.new":      "New multi-Region key, primary %s",
	"regions.summary.existing": "Existing key %s, primary %s",

	// Step 3.
	"key.alias":            "Alias (created in every Region; aliases are not replicated)",
	"key.alias.desc":       "alias/ followed by letters, digits, /, _ or -",
	"key.description":      "Description of the key",
	"key.description.long": "the description is longer than KMS allows (8192 characters)",
	"key.tags":             "Tags (optional)",
	"key.tags.desc":        "KEY=VALUE, separated by commas",
	"key.rotation":         "Automatic key rotation",
	"key.rotation.desc":    "Yearly rotation keeps the key ID and ARN, so Zoom needs no change.",
	"key.rotation.on":      "On (recommended)",
	"key.rotation.off":     "Off",
	"plan.running":         "Reading what exists in each Region (read-only)…",
	"plan.failed":          "The plan could not be made",
	"plan.failed.hint":     "Press r to try again, or esc to change your choices.",
	"plan.account":         "Account %s (%s) · alias %s · Zoom account %s",
	"plan.newkey":          "new key",
	"plan.newreplica":      "new replica",
	"plan.nothing":         "nothing to change: alias, Zoom grant and state are in place",
	"plan.confirm":         "Apply these %d change(s) to AWS account %s?",
	"plan.confirm.keys":    "enter/y: apply · esc/n: back and change",
	"plan.nochange":        "Nothing to change: the key, its aliases and Zoom's grant are in place in every Region. Press enter.",
	"plan.dry":             "DRY RUN: %d change(s) would be made; none will be written. Press enter.",
	"apply.running":        "Applying…",
	"apply.skipped":        "not needed",
	"apply.done":           "Done: %d change(s) made.",
	"apply.unchanged":      "Nothing was changed: everything was already in place.",
	"apply.dry":            "DRY RUN: nothing was written to AWS.",
	"apply.next":           "Press enter to see the key policy.",
	"apply.failed":         "Setup stopped",
	"apply.retry":          "Nothing else was changed. Fix the cause, then press r: it plans again and does only what is left.",
	"act.create-key":       "create key",
	"act.adopt-key":        "adopt key",
	"act.replicate-key":    "replicate key",
	"act.wait-enabled":     "wait until Enabled",
	"act.create-alias":     "create alias",
	"act.put-policy":       "update key policy",
	"act.enable-rotation":  "turn on rotation",
	"act.read-back":        "read back",

	// Step 4.
	"policy.title":            "Key policy (the same in every Region)",
	"policy.diff.title":       "Changes to the current key policy",
	"policy.legend":           "» Zoom's statement · ↑/↓ scroll",
	"policy.diff.legend":      "+ added · - removed · d: whole policy · ↑/↓ scroll",
	"policy.result.applied":   "applied",
	"policy.result.unchanged": "already right",
	"policy.result.planned":   "planned (dry run)",
	"policy.result.saved":     "set up earlier (from the session file)",
	"policy.readback.ok":      "Zoom grant read back",
	"policy.readback.bad":     "Zoom grant NOT confirmed",

	// Step 5.
	"arns.intro":       "Paste these into the Zoom web portal (Configure Customer Managed Key), primary first. ↑/↓ choose, c copies; they are printed again when the wizard ends.",
	"arns.intro.plain": "Paste these into the Zoom web portal (Configure Customer Managed Key), primary first. They are printed again when the wizard ends.",
	"arns.dry":         "DRY RUN: no key was created, so there is no ARN yet. Run the wizard with credentials to create it.",
	"arns.placeholder": "(no ARN yet: created by setup)",
	"arns.wrapped":     "(wrapped to fit the screen: c copies it whole)",
	"copy.running":     "Copying…",
	"copy.native":      "Copied to the clipboard (and sent to the terminal with OSC 52).",
	"copy.nativeOnly":  "Copied to the clipboard.",
	"copy.osc52":       "Sent to the terminal's clipboard with OSC 52 (works if your terminal allows it; no native clipboard here). The ARN stays on screen to select by hand.",
	"copy.none":        "Not copied: no clipboard is available. Select the ARN on screen.",
	"copy.err":         "(native clipboard: %v)",

	// Step 6.
	"portal.arns":           "Key ARNs (primary first)",
	"portal.emails":         "Alert e-mail recipients",
	"portal.emails.desc":    "Addresses Zoom e-mails when it cannot use a key, separated by commas. Add several admins.",
	"portal.emails.none":    "none yet",
	"portal.emails.saved":   "%d alert recipient(s) saved.",
	"portal.types":          "Data types to protect",
	"portal.types.desc":     "As you will choose them in the portal. Adding later is self-service; REMOVING one needs Zoom support.",
	"portal.types.saved":    "%d data type(s) noted.",
	"portal.ticket.title":   "Support ticket to scope CMK to user groups (c copies, esc closes)",
	"portal.status":         "%d of %d done · alert e-mails: %s · data types noted: %d",
	"portal.dry":            "DRY RUN: ticks are not saved.",
	"portal.export.running": "Writing the runbook…",
	"portal.export.done":    "Runbook written to %s",
	"portal.export.failed":  "could not write the runbook: %v",
	"portal.verify.title":   "Health check of the key set (read-only; the same as zcmk-tui verify)",
	"portal.verify.running": "Checking the key in every Region (read-only calls only)…",
	"portal.verify.failed":  "The key could not be checked",
	"portal.verify.retry":   "Fix the cause, then press r to check again; esc returns to the checklist.",
	"portal.verify.dry":     "DRY RUN: no key was created, so there is nothing to verify.",
	"portal.verify.ask":     "Verify the key set now (read-only calls, the same as zcmk-tui verify)?",

	// Printed to stdout when the wizard ends.
	"exit.arns":    "Key ARNs for the Zoom web portal (Configure Customer Managed Key), primary first:",
	"exit.key":     "%s, %s:",
	"exit.session": "Session saved in %s: run zcmk-tui again to continue where you left off.",
	"exit.dry":     "Dry run: nothing was written to AWS and no session was saved.",

	// Runbook (Markdown).
	"runbook.title":       "Zoom Customer Managed Key: runbook",
	"runbook.exported":    "Exported %s by zcmk-tui.",
	"runbook.dry":         "DRY RUN: nothing was created in AWS.",
	"runbook.account":     "AWS account",
	"runbook.alias":       "Alias",
	"runbook.zoomaccount": "Zoom's AWS account in the key policy",
	"runbook.primary":     "Primary Region",
	"runbook.replicas":    "Replica Regions",
	"runbook.rotation":    "Automatic rotation",
	"runbook.on":          "on",
	"runbook.off":         "off",
	"runbook.setupat":     "Set up at",
	"runbook.keys":        "Keys",
	"runbook.role":        "Role",
	"runbook.region":      "Region",
	"runbook.policy":      "Key policy",
	"runbook.ticks":       "Checklist times (UTC)",
	"runbook.notdone":     "not done",
	"runbook.emails":      "Alert e-mail recipients",
	"runbook.types":       "Data types",
	"runbook.none":        "(none)",
}

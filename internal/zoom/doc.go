// Package zoom is the Zoom CMK domain in pure Go, with no I/O: Zoom's AWS
// account and the KMS actions it needs, the key-policy document (build,
// parse, merge, check), the Region catalogue, input validation, the catalogue
// of data types CMK protects and the Zoom web-portal checklist.
//
// Key policies are handled losslessly: a document is kept as ordered raw JSON
// fields, so statements this package does not change (conditions, NotAction,
// unknown fields) come back with the same meaning, pretty-printed in a stable
// order. MergePolicy only ever adds a statement or widens the one that grants
// Zoom; it never removes or reorders statements (see its documentation for
// the rules), and it refuses a result that would lock the account out.
package zoom

// ZoomAccountID is Zoom's AWS account, the principal that calls KMS
// cross-account. Zoom for Government and other Zoom clouds may use another
// account; every function here takes the account as a parameter.
const ZoomAccountID = "409910850980"

// DefaultAlias is the alias the key gets in every Region unless told otherwise.
const DefaultAlias = "alias/zoom-cmk"

// DefaultRegion is Zoom's default data-residency Region.
const DefaultRegion = "us-east-1"

// ZoomActions are the KMS actions Zoom needs, in the order they are written
// into the policy (Zoom support article KB0065902).
var ZoomActions = []string{"kms:Decrypt", "kms:Encrypt", "kms:DescribeKey", "kms:GenerateDataKey*"}

// Statement IDs this tool writes.
const (
	AdminSid = "EnableAccountAdministration"
	ZoomSid  = "AllowZoomCMK"
)

package zoom

// API CONTRACT (stubs; the implementation replaces this file).

// Partition is an AWS partition: "aws", "aws-us-gov" or "aws-cn".

// Region is one entry of the catalogue of commercial Regions where KMS
// multi-Region keys are available.
type Region struct {
	Code    string // "ap-northeast-1"
	City    string // "Tokyo"
	Partner string // suggested replica Region, e.g. "ap-northeast-3"; "" if none
}

// Regions returns the catalogue, sorted by code.
func Regions() []Region { panic("todo") }

// LookupRegion finds a Region by code.
func LookupRegion(code string) (Region, bool) { panic("todo") }

// ValidateRegion returns nil or an error naming the bad value and listing the known Regions.
func ValidateRegion(code string) error { panic("todo") }

// ValidateAlias checks "alias/" prefix, 1-256 chars of [A-Za-z0-9/_-] after it, not "alias/aws/...".
func ValidateAlias(alias string) error { panic("todo") }

// ValidateAccountID checks a 12-digit AWS account ID.
func ValidateAccountID(id string) error { panic("todo") }

// ValidateEmail checks an e-mail address for key-status alerts.
func ValidateEmail(addr string) error { panic("todo") }

// Tag is a KMS resource tag.
type Tag struct{ Key, Value string }

// ParseTag parses "K=V" (key 1-128 chars, value 0-256 chars).
func ParseTag(s string) (Tag, error) { panic("todo") }

// KeyARN is a parsed KMS key ARN.
type KeyARN struct{ Partition, Region, Account, KeyID string }

// String renders arn:<partition>:kms:<region>:<account>:key/<key-id>.
func (k KeyARN) String() string { panic("todo") }

// MultiRegion reports whether the key ID is a multi-Region one (mrk-...).
func (k KeyARN) MultiRegion() bool { panic("todo") }

// ParseKeyARN parses and validates a KMS key ARN (not an alias ARN).
func ParseKeyARN(s string) (KeyARN, error) { panic("todo") }

// BuildPolicy returns the key policy for a new key, pretty-printed JSON:
// the account-root administration statement and the Zoom statement, both in partition.
func BuildPolicy(partition, accountID, zoomAccountID string) string { panic("todo") }

// MergeResult says what MergePolicy did.
type MergeResult struct {
	Policy  string   // the merged document (pretty-printed JSON)
	Changed bool     // false when the document already granted Zoom exactly what it needs
	Notes   []string // human-readable: "added statement AllowZoomCMK", "added kms:Encrypt to ..."
}

// MergePolicy keeps every statement of existing, adds or repairs the Zoom
// statement, and refuses (error) a result that lets no principal of accountID
// administer the key.
func MergePolicy(existing, partition, accountID, zoomAccountID string) (MergeResult, error) {
	panic("todo")
}

// Finding is one result of CheckPolicy.
type Finding struct {
	ID     string // "zoom-grant", "zoom-encrypt", "zoom-condition", "zoom-deny", "admin", "parse"
	OK     bool
	Severe bool   // false: warning only
	Detail string
	Fix    string
}

// CheckPolicy inspects a policy for Zoom's grant and the account's administration.
func CheckPolicy(policy, partition, accountID, zoomAccountID string) []Finding { panic("todo") }

// ZoomPart returns a canonical rendering of the Zoom-relevant statements of a
// policy, so that two Regions' policies can be compared for drift.
func ZoomPart(policy, partition, zoomAccountID string) (string, error) { panic("todo") }

// DataType is one kind of Zoom data CMK can protect.
type DataType struct{ ID, Name, Group string }

// DataTypes is the catalogue from the domain brief.
func DataTypes() []DataType { panic("todo") }

// ChecklistItem is one manual step in the Zoom web portal.
type ChecklistItem struct {
	ID     string // stable, saved in the session file: "paste-arns", "standby", ...
	Title  string
	Detail string
}

// Checklist returns the Zoom web-portal steps.
func Checklist() []ChecklistItem { panic("todo") }

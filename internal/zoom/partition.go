package zoom

// CheckZoomAccountForPartition refuses Zoom's commercial account
// (ZoomAccountID) in any partition other than "aws" unless the caller gave
// it explicitly: in aws-us-gov or aws-cn that principal cannot exist, and
// Zoom for Government and other Zoom clouds use an AWS account of their own.
// explicit says whether the Zoom account ID was given by the user (a flag
// or a saved session) rather than taken by default.
func CheckZoomAccountForPartition(partition, zoomAccountID string, explicit bool) error {
	p := normPartition(partition)
	if p == "aws" || explicit || (zoomAccountID != "" && zoomAccountID != ZoomAccountID) {
		return nil
	}
	return errMsg("zoom.err.partition.zoomaccount", p, ZoomAccountID)
}

package practice

// sts answers sts:GetCallerIdentity (query protocol) with the practice
// identity, in the partition of the Region the call was signed for.
func (s *Server) sts(req *request) response {
	if req.op != "GetCallerIdentity" {
		return unsupported(req)
	}
	type result struct {
		Arn     string `xml:"Arn"`
		UserID  string `xml:"UserId"`
		Account string `xml:"Account"`
	}
	return queryOK("GetCallerIdentity", "https://sts.amazonaws.com/doc/2011-06-15/",
		result{Arn: callerARN(req.region), UserID: "AIDAPRACTICEEXAMPLE1", Account: Account})
}

package practice

import "sort"

// ZoomAccount is Zoom's AWS account, the one that uses the key in real life.
const ZoomAccount = "409910850980"

// ZoomUse is the outcome of Zoom's simulated use of one Region's key.
type ZoomUse struct {
	Region, KeyARN string
	OK             bool   // the key answered
	Error          string // KMS's answer when it did not (DisabledException, ...)
}

// ZoomUses simulates Zoom using the key set whose keys carry the tag
// tagKey=tagValue: in every Region, an enabled key records a
// GenerateDataKey by Zoom's account (seen by GetKeyLastUsage and in the
// account's CloudTrail event history, as real use would be); a disabled key
// refuses, and like real KMS logs nothing in the key owner's trail (Zoom's
// denied calls are logged only in Zoom's account).
func (s *Server) ZoomUses(tagKey, tagValue string) []ZoomUse {
	s.mu.Lock()
	defer s.mu.Unlock()
	release, err := s.lockState()
	if err != nil {
		return nil
	}
	defer release()
	var out []ZoomUse
	for _, rn := range s.st.regionNames() {
		reg := s.st.Regions[rn]
		ids := make([]string, 0, len(reg.Keys))
		for id := range reg.Keys {
			ids = append(ids, id)
		}
		sort.Strings(ids)
		for _, id := range ids {
			k := reg.Keys[id]
			if !hasTag(k.Tags, tagKey, tagValue) {
				continue
			}
			s.settle(k)
			u := ZoomUse{Region: rn, KeyARN: s.arn(rn, "key/"+id)}
			if r, ok := s.usable(rn, k); ok {
				s.recordUse(rn, k, "GenerateDataKey", ZoomAccount, "")
				u.OK = true
			} else {
				u.Error = r.header["X-Amzn-ErrorType"]
			}
			out = append(out, u)
		}
	}
	if s.st.dirty {
		_ = s.st.save(s.opts.StatePath)
	}
	return out
}

func hasTag(tags []Tag, k, v string) bool {
	for _, t := range tags {
		if t.Key == k && t.Value == v {
			return true
		}
	}
	return false
}

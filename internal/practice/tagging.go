package practice

import (
	"encoding/json"
	"sort"
	"strconv"
)

// tagging answers tag:GetResources for KMS keys: the keys of the Region
// whose tags match every filter, a page at a time. Like the real Tagging
// API it lists only resources that have tags.
func (s *Server) tagging(req *request) response {
	if req.op != "GetResources" {
		return unsupported(req)
	}
	var in struct {
		ResourceTypeFilters []string
		TagFilters          []struct {
			Key    string
			Values []string
		}
		PaginationToken  string
		ResourcesPerPage int
	}
	if err := json.Unmarshal(req.body, &in); err != nil {
		return jsonError(400, "InvalidParameterException", "the request body is not valid")
	}
	kmsWanted := len(in.ResourceTypeFilters) == 0
	for _, t := range in.ResourceTypeFilters {
		if t == "kms" || t == "kms:key" {
			kmsWanted = true
		}
	}
	per := in.ResourcesPerPage
	if per == 0 {
		per = 50
	}
	if per < 1 || per > 100 {
		return jsonError(400, "InvalidParameterException", "ResourcesPerPage must be between 1 and 100")
	}
	reg := s.st.region(req.region)
	var ids []string
	if kmsWanted {
		for id, k := range reg.Keys {
			if len(k.Tags) > 0 && tagsMatch(k.Tags, in.TagFilters) {
				ids = append(ids, id)
			}
		}
	}
	sort.Strings(ids)
	start := 0
	if in.PaginationToken != "" {
		n, err := strconv.Atoi(in.PaginationToken)
		if err != nil || n < 0 || n > len(ids) {
			return jsonError(400, "PaginationTokenExpiredException", "the pagination token is not valid")
		}
		start = n
	}
	end, next := start+per, ""
	if end < len(ids) {
		next = strconv.Itoa(end)
	} else {
		end = len(ids)
	}
	list := []map[string]any{}
	for _, id := range ids[start:end] {
		k := reg.Keys[id]
		tags := []map[string]string{}
		for _, t := range k.Tags {
			tags = append(tags, map[string]string{"Key": t.Key, "Value": t.Value})
		}
		list = append(list, map[string]any{"ResourceARN": s.arn(req.region, "key/"+id), "Tags": tags})
	}
	return jsonOK(map[string]any{"ResourceTagMappingList": list, "PaginationToken": next})
}

func tagsMatch(tags []Tag, filters []struct {
	Key    string
	Values []string
}) bool {
	for _, f := range filters {
		ok := false
		for _, t := range tags {
			if t.Key != f.Key {
				continue
			}
			if len(f.Values) == 0 {
				ok = true
			}
			for _, v := range f.Values {
				if v == t.Value {
					ok = true
				}
			}
		}
		if !ok {
			return false
		}
	}
	return true
}

package practice

import (
	"fmt"
	"sort"
	"strconv"
)

// The listing and tagging calls of KMS: ListAliases, ListKeys,
// ListResourceTags (paged as KMS pages them, with Limit and Marker),
// TagResource and UntagResource.

// awsManagedAliases are listed by real KMS in every Region, without a
// target until an AWS service first uses them.
var awsManagedAliases = []string{"alias/aws/ebs", "alias/aws/s3"}

// page cuts a sorted list at Marker and Limit.
func page[T any](items []T, key func(T) string, a args, def, max int) ([]T, string, response, bool) {
	limit, set := a.num("Limit")
	if !set {
		limit = def
	}
	if limit < 1 || limit > max {
		return nil, "", kmsErr(errValidation, fmt.Sprintf("Limit must be between 1 and %d", max)), false
	}
	start := 0
	if m := a.str("Marker"); m != "" {
		i, err := strconv.Atoi(m)
		if err != nil || i < 0 || i > len(items) {
			return nil, "", kmsErr(errInvalidMarker, "Marker is invalid"), false
		}
		start = i
	}
	end := start + limit
	if end >= len(items) {
		return items[start:], "", response{}, true
	}
	_ = key
	return items[start:end], strconv.Itoa(end), response{}, true
}

func (s *Server) listAliases(req *request, a args) response {
	reg := s.st.region(req.region)
	type alias struct{ name, target string }
	var all []alias
	filter := ""
	if id := a.str("KeyId"); id != "" {
		k, r, ok := s.resolve(req.region, id)
		if !ok {
			return r
		}
		filter = k.ID
	} else {
		for _, n := range awsManagedAliases {
			all = append(all, alias{name: n})
		}
	}
	for n, t := range reg.Aliases {
		if filter == "" || t == filter {
			all = append(all, alias{n, t})
		}
	}
	sort.Slice(all, func(i, j int) bool { return all[i].name < all[j].name })
	items, next, r, ok := page(all, func(x alias) string { return x.name }, a, 50, 100)
	if !ok {
		return r
	}
	out := []map[string]any{}
	for _, x := range items {
		e := map[string]any{"AliasName": x.name, "AliasArn": s.arn(req.region, x.name)}
		if x.target != "" {
			e["TargetKeyId"] = x.target
		}
		out = append(out, e)
	}
	return jsonOK(listAnswer("Aliases", out, next))
}

func listAnswer(name string, items any, next string) map[string]any {
	m := map[string]any{name: items, "Truncated": next != ""}
	if next != "" {
		m["NextMarker"] = next
	}
	return m
}

func (s *Server) listKeys(req *request, a args) response {
	reg := s.st.region(req.region)
	ids := make([]string, 0, len(reg.Keys))
	for id := range reg.Keys {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	items, next, r, ok := page(ids, func(x string) string { return x }, a, 100, 1000)
	if !ok {
		return r
	}
	out := []map[string]string{}
	for _, id := range items {
		out = append(out, map[string]string{"KeyId": id, "KeyArn": s.arn(req.region, "key/"+id)})
	}
	return jsonOK(listAnswer("Keys", out, next))
}

func (s *Server) listResourceTags(req *request, a args) response {
	k, r, ok := s.resolve(req.region, a.str("KeyId"))
	if !ok {
		return r
	}
	items, next, r, ok := page(k.Tags, func(t Tag) string { return t.Key }, a, 50, 50)
	if !ok {
		return r
	}
	out := []map[string]string{}
	for _, t := range items {
		out = append(out, map[string]string{"TagKey": t.Key, "TagValue": t.Value})
	}
	return jsonOK(listAnswer("Tags", out, next))
}

func (s *Server) tagResource(req *request, a args) response {
	k, r, ok := s.resolve(req.region, a.str("KeyId"))
	if !ok {
		return r
	}
	for _, t := range a.tags("Tags") {
		replaced := false
		for i := range k.Tags {
			if k.Tags[i].Key == t.Key {
				k.Tags[i].Value, replaced = t.Value, true
			}
		}
		if !replaced {
			k.Tags = append(k.Tags, t)
		}
	}
	s.st.dirty = true
	s.event(req.region, "TagResource", s.arn(req.region, "key/"+k.ID))
	return jsonOK(map[string]any{})
}

func (s *Server) untagResource(req *request, a args) response {
	k, r, ok := s.resolve(req.region, a.str("KeyId"))
	if !ok {
		return r
	}
	drop := map[string]bool{}
	for _, key := range a.strings("TagKeys") {
		drop[key] = true
	}
	kept := k.Tags[:0]
	for _, t := range k.Tags {
		if !drop[t.Key] {
			kept = append(kept, t)
		}
	}
	k.Tags = kept
	s.st.dirty = true
	s.event(req.region, "UntagResource", s.arn(req.region, "key/"+k.ID))
	return jsonOK(map[string]any{})
}

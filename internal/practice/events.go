package practice

import (
	"encoding/json"
	"sort"
	"strconv"
)

// events answers the EventBridge calls of tamper alerts (JSON 1.1, default
// event bus): PutRule, DescribeRule, ListTargetsByRule, PutTargets, and
// TestEventPattern, which, unlike moto, really matches the event.
func (s *Server) events(req *request) response {
	var in map[string]any
	if len(req.body) > 0 {
		if err := json.Unmarshal(req.body, &in); err != nil {
			return jsonError(400, "ValidationException", "the request body is not JSON")
		}
	}
	a := args(in)
	reg := s.st.region(req.region)
	ruleARN := func(name string) string {
		return "arn:" + Partition(req.region) + ":events:" + req.region + ":" + Account + ":rule/" + name
	}
	notFound := func(name string) response {
		return jsonError(400, "ResourceNotFoundException", "Rule "+name+" does not exist on EventBus default.")
	}
	if bus := a.str("EventBusName"); bus != "" && bus != "default" {
		return jsonError(400, "ResourceNotFoundException", "the practice AWS has only the default event bus")
	}
	switch req.op {
	case "PutRule":
		name := a.str("Name")
		if name == "" || (a.str("EventPattern") == "" && a.str("ScheduleExpression") == "") {
			return jsonError(400, "ValidationException", "Name and EventPattern are required")
		}
		var pat map[string]any
		if err := json.Unmarshal([]byte(a.str("EventPattern")), &pat); err != nil {
			return jsonError(400, "InvalidEventPatternException", "Event pattern is not valid. Reason: not a JSON object")
		}
		state := a.str("State")
		if state == "" {
			state = "ENABLED"
		}
		r := reg.Rules[name]
		if r == nil {
			// Tags are taken when the rule is created (as in EventBridge).
			r = &Rule{Name: name, Tags: tagList(a["Tags"])}
			reg.Rules[name] = r
		}
		r.Pattern, r.State, r.Description = a.str("EventPattern"), state, a.str("Description")
		s.st.dirty = true
		return jsonOK(map[string]any{"RuleArn": ruleARN(name)})
	case "DescribeRule":
		r := reg.Rules[a.str("Name")]
		if r == nil {
			return notFound(a.str("Name"))
		}
		return jsonOK(map[string]any{"Name": r.Name, "Arn": ruleARN(r.Name), "EventPattern": r.Pattern, "State": r.State,
			"Description": r.Description, "EventBusName": "default"})
	case "ListTargetsByRule":
		r := reg.Rules[a.str("Rule")]
		if r == nil {
			return notFound(a.str("Rule"))
		}
		return jsonOK(map[string]any{"Targets": r.Targets})
	case "PutTargets":
		r := reg.Rules[a.str("Rule")]
		if r == nil {
			return notFound(a.str("Rule"))
		}
		var body struct{ Targets []json.RawMessage }
		_ = json.Unmarshal(req.body, &body)
		for _, t := range body.Targets {
			var id struct{ Id string }
			_ = json.Unmarshal(t, &id)
			replaced := false
			for i, old := range r.Targets {
				var oid struct{ Id string }
				_ = json.Unmarshal(old, &oid)
				if oid.Id == id.Id {
					r.Targets[i], replaced = t, true
				}
			}
			if !replaced {
				r.Targets = append(r.Targets, t)
			}
		}
		s.st.dirty = true
		return jsonOK(map[string]any{"FailedEntryCount": 0, "FailedEntries": []any{}})
	case "DisableRule", "EnableRule":
		r := reg.Rules[a.str("Name")]
		if r == nil {
			return notFound(a.str("Name"))
		}
		r.State = "DISABLED"
		if req.op == "EnableRule" {
			r.State = "ENABLED"
		}
		s.st.dirty = true
		return jsonOK(map[string]any{})
	case "DeleteRule":
		delete(reg.Rules, a.str("Name"))
		s.st.dirty = true
		return jsonOK(map[string]any{})
	case "ListRules":
		names := make([]string, 0, len(reg.Rules))
		for n := range reg.Rules {
			names = append(names, n)
		}
		sort.Strings(names)
		out := []map[string]any{}
		for _, n := range names {
			r := reg.Rules[n]
			out = append(out, map[string]any{"Name": n, "Arn": ruleARN(n), "State": r.State, "EventPattern": r.Pattern})
		}
		return jsonOK(map[string]any{"Rules": out})
	case "TestEventPattern":
		var pat, ev any
		if json.Unmarshal([]byte(a.str("EventPattern")), &pat) != nil {
			return jsonError(400, "InvalidEventPatternException", "Event pattern is not valid.")
		}
		if json.Unmarshal([]byte(a.str("Event")), &ev) != nil {
			return jsonError(400, "ValidationException", "Event is not valid JSON.")
		}
		return jsonOK(map[string]any{"Result": patternMatches(pat, ev)})
	}
	return unsupported(req)
}

// tagList reads [{"Key": k, "Value": v}, ...].
func tagList(v any) []Tag {
	list, _ := v.([]any)
	var out []Tag
	for _, e := range list {
		m, _ := e.(map[string]any)
		k, _ := m["Key"].(string)
		val, _ := m["Value"].(string)
		out = append(out, Tag{Key: k, Value: val})
	}
	return out
}

// patternMatches is EventBridge's matching of an event pattern (Amazon
// EventBridge User Guide, "Event patterns"): every field of the pattern must
// be in the event; a list of values matches when the event's value (or any
// element of an event list) equals one of them, or satisfies a
// {"prefix": ...}, {"exists": bool} or {"anything-but": ...} filter; an
// object matches field by field.
func patternMatches(pattern, event any) bool {
	p, ok := pattern.(map[string]any)
	if !ok {
		return false
	}
	e, _ := event.(map[string]any)
	for k, pv := range p {
		ev, present := e[k]
		switch want := pv.(type) {
		case map[string]any:
			if !present {
				return false
			}
			if list, isList := ev.([]any); isList {
				hit := false
				for _, el := range list {
					hit = hit || patternMatches(want, el)
				}
				if !hit {
					return false
				}
			} else if !patternMatches(want, ev) {
				return false
			}
		case []any:
			if !valueMatches(want, ev, present) {
				return false
			}
		default:
			return false
		}
	}
	return true
}

func valueMatches(want []any, ev any, present bool) bool {
	values := []any{ev}
	if list, ok := ev.([]any); ok {
		values = list
	}
	for _, w := range want {
		if f, ok := w.(map[string]any); ok {
			if filterMatches(f, values, present) {
				return true
			}
			continue
		}
		if !present {
			continue
		}
		for _, v := range values {
			if scalar(v) == scalar(w) {
				return true
			}
		}
	}
	return false
}

func filterMatches(f map[string]any, values []any, present bool) bool {
	if ex, ok := f["exists"].(bool); ok {
		return ex == present
	}
	if !present {
		return false
	}
	for _, v := range values {
		sv, isStr := v.(string)
		if pre, ok := f["prefix"].(string); ok && isStr && len(sv) >= len(pre) && sv[:len(pre)] == pre {
			return true
		}
		if but, ok := f["anything-but"]; ok {
			buts, isList := but.([]any)
			if !isList {
				buts = []any{but}
			}
			hit := false
			for _, b := range buts {
				hit = hit || scalar(b) == scalar(v)
			}
			if !hit {
				return true
			}
		}
	}
	return false
}

func scalar(v any) string {
	switch x := v.(type) {
	case string:
		return "s:" + x
	case float64:
		return "n:" + strconv.FormatFloat(x, 'g', -1, 64)
	case bool:
		return "b:" + strconv.FormatBool(x)
	case nil:
		return "null"
	}
	b, _ := json.Marshal(v)
	return "j:" + string(b)
}

package practice

import (
	"encoding/json"
	"strconv"
	"time"
)

// cloudtrail answers LookupEvents (the account's event history, by
// resource name), DescribeTrails and GetTrailStatus: the practice account
// has one multi-Region trail that logs management events.
func (s *Server) cloudtrail(req *request) response {
	var in map[string]any
	_ = json.Unmarshal(req.body, &in)
	a := args(in)
	switch req.op {
	case "LookupEvents":
		return s.lookupEvents(req, a)
	case "DescribeTrails":
		return jsonOK(map[string]any{"trailList": []map[string]any{s.trail()}})
	case "GetTrailStatus":
		return jsonOK(map[string]any{"IsLogging": true, "LatestDeliveryTime": epoch(s.now())})
	}
	return unsupported(req)
}

const practiceTrail = "practice-management-events"

func (s *Server) trail() map[string]any {
	return map[string]any{
		"Name": practiceTrail, "TrailARN": "arn:aws:cloudtrail:us-east-1:" + Account + ":trail/" + practiceTrail,
		"HomeRegion": "us-east-1", "IsMultiRegionTrail": true, "IncludeGlobalServiceEvents": true,
		"S3BucketName": "practice-trail-" + Account,
	}
}

func (s *Server) lookupEvents(req *request, a args) response {
	resource := ""
	if list, ok := a["LookupAttributes"].([]any); ok {
		for _, e := range list {
			m, _ := e.(map[string]any)
			if m["AttributeKey"] == "ResourceName" {
				resource, _ = m["AttributeValue"].(string)
			}
		}
	}
	var since time.Time
	if v, ok := a["StartTime"].(float64); ok {
		since = time.Unix(0, int64(v*1e9))
	}
	max, set := a.num("MaxResults")
	if !set || max < 1 || max > 50 {
		max = 50
	}
	var match []Event
	for i := len(s.st.Events) - 1; i >= 0; i-- { // newest first
		e := s.st.Events[i]
		if e.Region == req.region && (resource == "" || e.Resource == resource) && !e.Time.Before(since) {
			match = append(match, e)
		}
	}
	start := 0
	if t := a.str("NextToken"); t != "" {
		n, err := strconv.Atoi(t)
		if err != nil || n < 0 || n > len(match) {
			return jsonError(400, "InvalidNextTokenException", "the token is not valid")
		}
		start = n
	}
	end, next := start+max, ""
	if end < len(match) {
		next = strconv.Itoa(end)
	} else {
		end = len(match)
	}
	out := []map[string]any{}
	for _, e := range match[start:end] {
		raw, _ := json.Marshal(map[string]any{
			"eventVersion": "1.08", "eventSource": e.Source, "eventName": e.Name, "awsRegion": e.Region,
			"eventTime":    e.Time.Format(time.RFC3339),
			"userIdentity": map[string]string{"type": "AWSAccount", "accountId": e.AccountID},
			"resources":    []map[string]string{{"ARN": e.Resource, "type": "AWS::KMS::Key"}},
		})
		out = append(out, map[string]any{
			"EventId": e.ID, "EventName": e.Name, "EventSource": e.Source, "EventTime": epoch(e.Time),
			"Username": e.Username, "CloudTrailEvent": string(raw), "ReadOnly": "false",
			"Resources": []map[string]string{{"ResourceType": "AWS::KMS::Key", "ResourceName": e.Resource}},
		})
	}
	m := map[string]any{"Events": out}
	if next != "" {
		m["NextToken"] = next
	}
	return jsonOK(m)
}

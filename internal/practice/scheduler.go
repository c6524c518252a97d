package practice

import (
	"encoding/json"
	"net/http"
	"sort"
	"strings"
	"time"
)

// scheduler answers the EventBridge Scheduler calls of the drill's safety
// net (REST JSON, default group): CreateSchedule, GetSchedule,
// DeleteSchedule and ListSchedules. Like moto, it keeps schedules but never
// runs them; unlike moto it refuses a second schedule of the same name.
func (s *Server) scheduler(req *request) response {
	path := req.r.URL.Path
	reg := s.st.region(req.region)
	arn := func(name string) string {
		return "arn:" + Partition(req.region) + ":scheduler:" + req.region + ":" + Account + ":schedule/default/" + name
	}
	restErr := func(status int, code, msg string) response {
		r := jsonError(status, code, msg)
		r.header["Content-Type"] = "application/json"
		return r
	}
	if g := req.r.URL.Query().Get("groupName"); g != "" && g != "default" {
		return restErr(404, "ResourceNotFoundException", "the practice AWS has only the default schedule group")
	}
	name, isOne := strings.CutPrefix(path, "/schedules/")
	switch {
	case path == "/schedules" && req.r.Method == http.MethodGet:
		prefix := req.r.URL.Query().Get("NamePrefix")
		names := []string{}
		for n := range reg.Schedules {
			if strings.HasPrefix(n, prefix) {
				names = append(names, n)
			}
		}
		sort.Strings(names)
		out := []map[string]any{}
		for _, n := range names {
			var body struct{ Target struct{ Arn string } }
			_ = json.Unmarshal(reg.Schedules[n].Body, &body)
			out = append(out, map[string]any{"Name": n, "Arn": arn(n), "GroupName": "default", "State": "ENABLED",
				"Target": map[string]string{"Arn": body.Target.Arn}})
		}
		r := jsonOK(map[string]any{"Schedules": out})
		r.header = map[string]string{"Content-Type": "application/json"}
		return r
	case isOne && name != "":
		switch req.r.Method {
		case http.MethodPost:
			if _, exists := reg.Schedules[name]; exists {
				return restErr(409, "ConflictException", "Schedule "+name+" already exists.")
			}
			var check map[string]any
			if json.Unmarshal(req.body, &check) != nil || check["ScheduleExpression"] == nil || check["Target"] == nil {
				return restErr(400, "ValidationException", "ScheduleExpression and Target are required")
			}
			reg.Schedules[name] = &Schedule{Name: name, Body: append(json.RawMessage(nil), req.body...)}
			s.st.dirty = true
			r := jsonOK(map[string]any{"ScheduleArn": arn(name)})
			r.header = map[string]string{"Content-Type": "application/json"}
			return r
		case http.MethodGet:
			sc := reg.Schedules[name]
			if sc == nil {
				return restErr(404, "ResourceNotFoundException", "Schedule "+name+" does not exist.")
			}
			var m map[string]any
			_ = json.Unmarshal(sc.Body, &m)
			delete(m, "ClientToken")
			m["Name"], m["Arn"], m["GroupName"] = name, arn(name), "default"
			if m["State"] == nil {
				m["State"] = "ENABLED"
			}
			r := jsonOK(m)
			r.header = map[string]string{"Content-Type": "application/json"}
			return r
		case http.MethodDelete:
			if reg.Schedules[name] == nil {
				return restErr(404, "ResourceNotFoundException", "Schedule "+name+" does not exist.")
			}
			delete(reg.Schedules, name)
			s.st.dirty = true
			r := jsonOK(map[string]any{})
			r.header = map[string]string{"Content-Type": "application/json"}
			return r
		}
	}
	return restErr(404, "UnknownOperationException", "the practice AWS does not have "+req.r.Method+" "+path)
}

// schedulerOp names a Scheduler REST request by its method and path.
func schedulerOp(r *http.Request) string {
	if r.URL.Path == "/schedules" {
		return "ListSchedules"
	}
	if strings.HasPrefix(r.URL.Path, "/schedules/") {
		switch r.Method {
		case http.MethodPost:
			return "CreateSchedule"
		case http.MethodGet:
			return "GetSchedule"
		case http.MethodDelete:
			return "DeleteSchedule"
		case http.MethodPut:
			return "UpdateSchedule"
		}
	}
	return r.Method + " " + r.URL.Path
}

// runDue runs the schedules whose time has come, as EventBridge Scheduler
// would have while nobody was looking: a one-time schedule whose target is
// the universal target for kms:EnableKey enables its key, and, with
// ActionAfterCompletion DELETE, is removed. So a rehearsal of "the laptop
// died during the drill" ends as it would in AWS: the key comes back at
// the deadline. Other targets are left as they are (never run).
func (s *Server) runDue() {
	now := s.now()
	for rn, reg := range s.st.Regions {
		for name, sc := range reg.Schedules {
			var body struct {
				ScheduleExpression    string
				ActionAfterCompletion string
				Target                struct{ Arn, Input string }
			}
			if json.Unmarshal(sc.Body, &body) != nil || !strings.HasSuffix(body.Target.Arn, ":aws-sdk:kms:enableKey") {
				continue
			}
			at, err := time.Parse("2006-01-02T15:04:05", strings.TrimSuffix(strings.TrimPrefix(body.ScheduleExpression, "at("), ")"))
			if err != nil || now.Before(at) {
				continue
			}
			var in struct{ KeyId string }
			_ = json.Unmarshal([]byte(body.Target.Input), &in)
			if k, _, ok := s.resolve(rn, in.KeyId); ok && k.State == "Disabled" {
				k.State = "Enabled"
				s.st.Events = append(s.st.Events, Event{ID: newRequestID(), Region: rn, Time: now, Name: "EnableKey",
					Source: "kms.amazonaws.com", Username: "scheduler.amazonaws.com", AccountID: Account, Resource: s.arn(rn, "key/"+k.ID)})
			}
			if body.ActionAfterCompletion == "DELETE" {
				delete(reg.Schedules, name)
			}
			s.st.dirty = true
		}
	}
}

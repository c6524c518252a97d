package practice

import "time"

// The use of a key and the calls around its life: the cryptographic calls
// (recorded, never carried out: the practice AWS holds no key material),
// GetKeyLastUsage, ScheduleKeyDeletion and CancelKeyDeletion, and the event
// history they leave.

// scheduleKeyDeletion exists so that a rehearsal of "someone else deleted
// it" can be staged; zcmk-tui itself never calls it.
func (s *Server) scheduleKeyDeletion(req *request, a args) response {
	k, r, ok := s.resolve(req.region, a.str("KeyId"))
	if !ok {
		return r
	}
	days, set := a.num("PendingWindowInDays")
	if !set {
		days = 30
	}
	if days < 7 || days > 30 {
		return kmsErr(errValidation, "PendingWindowInDays must be between 7 and 30")
	}
	arn := s.arn(req.region, "key/"+k.ID)
	if k.State == "PendingDeletion" {
		return kmsErr(errInvalidState, arn+" is pending deletion.")
	}
	when := s.now().Add(time.Duration(days) * 24 * time.Hour)
	k.State, k.DeletionDate = "PendingDeletion", &when
	s.st.dirty = true
	s.event(req.region, "ScheduleKeyDeletion", arn)
	return jsonOK(map[string]any{"KeyId": arn, "DeletionDate": epoch(when), "KeyState": "PendingDeletion", "PendingWindowInDays": days})
}

func (s *Server) cancelKeyDeletion(req *request, a args) response {
	k, r, ok := s.resolve(req.region, a.str("KeyId"))
	if !ok {
		return r
	}
	arn := s.arn(req.region, "key/"+k.ID)
	if k.State != "PendingDeletion" {
		return kmsErr(errInvalidState, arn+" is not pending deletion.")
	}
	// A cancelled deletion leaves the key disabled (KMS API Reference,
	// CancelKeyDeletion).
	k.State, k.DeletionDate = "Disabled", nil
	s.st.dirty = true
	s.event(req.region, "CancelKeyDeletion", arn)
	return jsonOK(map[string]any{"KeyId": arn})
}

func (s *Server) getKeyLastUsage(req *request, a args) response {
	k, r, ok := s.resolve(req.region, a.str("KeyId"))
	if !ok {
		return r
	}
	out := map[string]any{"KeyId": k.ID, "KeyCreationDate": epoch(k.Created), "TrackingStartDate": epoch(k.Created), "KeyLastUsage": map[string]any{}}
	if u := k.LastUsage; u != nil {
		out["KeyLastUsage"] = map[string]any{"Timestamp": epoch(u.When), "Operation": u.Operation, "CloudTrailEventId": u.EventID, "KmsRequestId": u.RequestID}
	}
	return jsonOK(out)
}

// useKey answers a cryptographic call. The tool makes none; Zoom's use in
// practice goes through ZoomUses, which shares this rule.
func useOp(op string) func(*Server, *request, args) response {
	return func(s *Server, req *request, a args) response {
		k, r, ok := s.resolve(req.region, a.str("KeyId"))
		if !ok {
			return r
		}
		if r, ok := s.usable(req.region, k); !ok {
			return r
		}
		s.recordUse(req.region, k, op, Account, CallerName)
		return kmsErr(errUnsupportedOp, "the practice AWS records the use of the key but holds no key material")
	}
}

// usable says whether a key may be used: a disabled key answers
// DisabledException, any other state but Enabled KMSInvalidStateException.
func (s *Server) usable(region string, k *Key) (response, bool) {
	arn := s.arn(region, "key/"+k.ID)
	switch k.State {
	case "Enabled":
		return response{}, true
	case "Disabled":
		return kmsErr(errDisabled, arn+" is disabled."), false
	}
	return kmsErr(errInvalidState, arn+" is "+k.State+"."), false
}

func (s *Server) recordUse(region string, k *Key, op, account, user string) {
	id := newRequestID()
	k.LastUsage = &Usage{When: s.now(), Operation: op, EventID: id, RequestID: newRequestID()}
	s.st.Events = append(s.st.Events, Event{ID: id, Region: region, Time: s.now(), Name: op, Source: "kms.amazonaws.com",
		Username: user, AccountID: account, Resource: s.arn(region, "key/"+k.ID)})
	s.st.dirty = true
}

// event records a management event of the practice account.
func (s *Server) event(region, name, resource string) {
	s.st.Events = append(s.st.Events, Event{ID: newRequestID(), Region: region, Time: s.now(), Name: name,
		Source: "kms.amazonaws.com", Username: CallerName, AccountID: Account, Resource: resource})
	if len(s.st.Events) > maxEvents {
		s.st.Events = s.st.Events[len(s.st.Events)-maxEvents:]
	}
}

// maxEvents bounds the event history kept in the practice state.
const maxEvents = 2000

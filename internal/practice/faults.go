package practice

import (
	"fmt"
	"sort"
	"strings"
)

// Fault is a way the practice AWS misbehaves, so that a team can rehearse
// the bad day: the tool's real recovery path runs against it.
type Fault struct {
	Kind string // one of FaultKinds
	Arg  string // the operation or Region it applies to, where it takes one
}

// FaultKinds are the faults by name, with what each does.
var FaultKinds = map[string]string{
	"throttle":           "the first call of each operation in each Region is throttled (the SDK retries it)",
	"lost-create-key":    "the first CreateKey is carried out but its answer is lost (the connection drops)",
	"region-down":        "region-down:REGION: no call to REGION is ever answered (the tool's call timeout ends each)",
	"deny":               "deny:OPERATION: the operation is refused with AccessDenied, e.g. deny:ReplicateKey",
	"region-not-enabled": "region-not-enabled:REGION: REGION is an opt-in Region the account has not enabled",
}

// ParseFault reads a --practice-fault value: NAME or NAME:ARG.
func ParseFault(s string) (Fault, error) {
	kind, arg, _ := strings.Cut(strings.TrimSpace(s), ":")
	if _, ok := FaultKinds[kind]; !ok {
		return Fault{}, fmt.Errorf("unknown practice fault %q: use one of %s", s, strings.Join(FaultNames(), ", "))
	}
	needsArg := kind == "region-down" || kind == "deny" || kind == "region-not-enabled"
	if needsArg && arg == "" {
		return Fault{}, fmt.Errorf("practice fault %q needs an argument: %s", kind, FaultKinds[kind])
	}
	if !needsArg && arg != "" {
		return Fault{}, fmt.Errorf("practice fault %q takes no argument", kind)
	}
	return Fault{Kind: kind, Arg: arg}, nil
}

// FaultNames lists the fault names, sorted.
func FaultNames() []string {
	out := make([]string, 0, len(FaultKinds))
	for k := range FaultKinds {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

type faultState struct {
	faults    []Fault
	throttled map[string]bool // op@region already throttled once
	lostDone  bool
}

func newFaultState(f []Fault) *faultState {
	return &faultState{faults: f, throttled: map[string]bool{}}
}

// before answers in place of the practice AWS, or returns nil.
func (f *faultState) before(req *request) *response {
	for _, fl := range f.faults {
		switch fl.Kind {
		case "region-down":
			if req.region == fl.Arg {
				return &response{hang: true}
			}
		case "region-not-enabled":
			if req.region == fl.Arg {
				r := errorFor(req, 400, "UnrecognizedClientException", "The security token included in the request is invalid.")
				return &r
			}
		case "deny":
			if req.op == fl.Arg {
				msg := fmt.Sprintf("User: %s is not authorized to perform: %s:%s because no identity-based policy allows the %s:%s action",
					callerARN(req.region), req.service, req.op, req.service, req.op)
				r := errorFor(req, 400, "AccessDeniedException", msg)
				if req.form != nil {
					r = queryError(403, "AccessDenied", msg)
				}
				return &r
			}
		case "throttle":
			key := req.service + "." + req.op + "@" + req.region
			if !f.throttled[key] {
				f.throttled[key] = true
				r := errorFor(req, 400, "ThrottlingException", "Rate exceeded")
				if req.form != nil {
					r = queryError(400, "Throttling", "Rate exceeded")
				}
				return &r
			}
		}
	}
	return nil
}

// after replaces a carried-out call's answer, or returns nil.
func (f *faultState) after(req *request, resp response) *response {
	for _, fl := range f.faults {
		if fl.Kind == "lost-create-key" && req.op == "CreateKey" && req.service == "kms" && resp.status == 200 && !f.lostDone {
			f.lostDone = true
			return &response{drop: true}
		}
	}
	return nil
}

func errorFor(req *request, status int, code, msg string) response {
	if req.form != nil {
		return queryError(status, code, msg)
	}
	return jsonError(status, code, msg)
}

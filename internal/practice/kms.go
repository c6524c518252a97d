package practice

import (
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"regexp"
	"strings"
	"time"
)

// Error codes and statuses are KMS's own (the "Errors" section of each
// operation in the AWS KMS API Reference): KMS answers every client error
// with HTTP 400 and the exception name in __type.
const (
	errNotFoundCode     = "NotFoundException"
	errAlreadyExists    = "AlreadyExistsException"
	errMalformedPolicy  = "MalformedPolicyDocumentException"
	errDisabled         = "DisabledException"
	errInvalidState     = "KMSInvalidStateException"
	errInvalidAliasName = "InvalidAliasNameException"
	errValidation       = "ValidationException"
	errUnsupportedOp    = "UnsupportedOperationException"
	errInvalidArn       = "InvalidArnException"
	errInvalidMarker    = "InvalidMarkerException"
)

func kmsErr(code, msg string) response { return jsonError(400, code, msg) }

func (s *Server) kms(req *request) response {
	var in map[string]any
	if len(req.body) > 0 {
		if err := json.Unmarshal(req.body, &in); err != nil {
			return jsonError(400, "SerializationException", "the request body is not JSON")
		}
	}
	h := kmsOps[req.op]
	if h == nil {
		return unsupported(req)
	}
	return h(s, req, args(in))
}

var kmsOps map[string]func(*Server, *request, args) response

func init() {
	kmsOps = map[string]func(*Server, *request, args) response{
		"CreateKey":            (*Server).createKey,
		"DescribeKey":          (*Server).describeKey,
		"ReplicateKey":         (*Server).replicateKey,
		"CreateAlias":          (*Server).createAlias,
		"UpdateAlias":          (*Server).updateAlias,
		"DeleteAlias":          (*Server).deleteAlias,
		"ListAliases":          (*Server).listAliases,
		"ListKeys":             (*Server).listKeys,
		"GetKeyPolicy":         (*Server).getKeyPolicy,
		"PutKeyPolicy":         (*Server).putKeyPolicy,
		"EnableKeyRotation":    rotationOp(true),
		"DisableKeyRotation":   rotationOp(false),
		"GetKeyRotationStatus": (*Server).getRotation,
		"EnableKey":            (*Server).enableKey,
		"DisableKey":           (*Server).disableKey,
		"ListResourceTags":     (*Server).listResourceTags,
		"TagResource":          (*Server).tagResource,
		"UntagResource":        (*Server).untagResource,
		"ScheduleKeyDeletion":  (*Server).scheduleKeyDeletion,
		"CancelKeyDeletion":    (*Server).cancelKeyDeletion,
		"GetKeyLastUsage":      (*Server).getKeyLastUsage,
		"Encrypt":              useOp("Encrypt"),
		"Decrypt":              useOp("Decrypt"),
		"GenerateDataKey":      useOp("GenerateDataKey"),
	}
}

// args reads the JSON members of a request.
type args map[string]any

func (a args) str(k string) string {
	v, _ := a[k].(string)
	return v
}

func (a args) boolean(k string) bool {
	v, _ := a[k].(bool)
	return v
}

func (a args) num(k string) (int, bool) {
	v, ok := a[k].(float64)
	return int(v), ok
}

func (a args) tags(k string) []Tag {
	list, _ := a[k].([]any)
	var out []Tag
	for _, e := range list {
		m, _ := e.(map[string]any)
		key, _ := m["TagKey"].(string)
		val, _ := m["TagValue"].(string)
		out = append(out, Tag{Key: key, Value: val})
	}
	return out
}

func (a args) strings(k string) []string {
	list, _ := a[k].([]any)
	var out []string
	for _, e := range list {
		if s, ok := e.(string); ok {
			out = append(out, s)
		}
	}
	return out
}

func (s *Server) arn(region, resource string) string {
	return "arn:" + Partition(region) + ":kms:" + region + ":" + Account + ":" + resource
}

func (s *Server) now() time.Time { return s.opts.Now().UTC() }

// resolve finds a key in the request's Region by key ID, key ARN, alias
// name or alias ARN, as KMS's KeyId parameter allows.
func (s *Server) resolve(region, id string) (*Key, response, bool) {
	r := s.st.region(region)
	name := id
	if strings.HasPrefix(id, "arn:") {
		parts := strings.SplitN(id, ":", 6)
		if len(parts) != 6 || parts[2] != "kms" {
			return nil, kmsErr(errInvalidArn, "Invalid arn "+id), false
		}
		if parts[3] != region || parts[4] != Account {
			return nil, kmsErr(errNotFoundCode, "Invalid arn "+id+": not a key of this account in "+region), false
		}
		name = strings.TrimPrefix(parts[5], "key/")
	}
	if strings.HasPrefix(name, "alias/") {
		kid, ok := r.Aliases[name]
		if !ok {
			return nil, kmsErr(errNotFoundCode, "Alias "+s.arn(region, name)+" is not found."), false
		}
		name = kid
	}
	k := r.Keys[name]
	if k == nil {
		return nil, kmsErr(errNotFoundCode, "Key '"+s.arn(region, "key/"+name)+"' does not exist"), false
	}
	s.settle(k)
	return k, response{}, true
}

// settle moves a new replica out of Creating once its time has come.
func (s *Server) settle(k *Key) {
	if k.State == "Creating" && k.CreatingUntil != nil && !s.now().Before(*k.CreatingUntil) {
		k.State, k.CreatingUntil = "Enabled", nil
		s.st.dirty = true
	}
}

// replicaCreating is how long a new replica stays in the Creating state.
// Real KMS takes seconds; a short wait keeps the tool's polling honest.
const replicaCreating = 300 * time.Millisecond

func newKeyID(multiRegion bool) string {
	b := make([]byte, 16)
	_, _ = rand.Read(b)
	h := hex.EncodeToString(b)
	if multiRegion {
		return "mrk-" + h
	}
	return h[:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:]
}

func (s *Server) metadata(region string, k *Key) map[string]any {
	m := map[string]any{
		"AWSAccountId":          Account,
		"KeyId":                 k.ID,
		"Arn":                   s.arn(region, "key/"+k.ID),
		"CreationDate":          epoch(k.Created),
		"Enabled":               k.State == "Enabled",
		"Description":           k.Description,
		"KeyUsage":              "ENCRYPT_DECRYPT",
		"KeyState":              k.State,
		"Origin":                "AWS_KMS",
		"KeyManager":            "CUSTOMER",
		"CustomerMasterKeySpec": "SYMMETRIC_DEFAULT",
		"KeySpec":               "SYMMETRIC_DEFAULT",
		"EncryptionAlgorithms":  []string{"SYMMETRIC_DEFAULT"},
		"MultiRegion":           k.MultiRegion,
	}
	if k.DeletionDate != nil {
		m["DeletionDate"] = epoch(*k.DeletionDate)
	}
	if k.MultiRegion {
		typ := "REPLICA"
		if k.PrimaryRegion == region {
			typ = "PRIMARY"
		}
		var replicas []map[string]string
		for _, rn := range s.st.regionNames() {
			if rn == k.PrimaryRegion {
				continue
			}
			if _, ok := s.st.Regions[rn].Keys[k.ID]; ok {
				replicas = append(replicas, map[string]string{"Arn": s.arn(rn, "key/"+k.ID), "Region": rn})
			}
		}
		m["MultiRegionConfiguration"] = map[string]any{
			"MultiRegionKeyType": typ,
			"PrimaryKey":         map[string]string{"Arn": s.arn(k.PrimaryRegion, "key/"+k.ID), "Region": k.PrimaryRegion},
			"ReplicaKeys":        replicas,
		}
	}
	return m
}

func (s *Server) createKey(req *request, a args) response {
	if spec := a.str("KeySpec"); spec != "" && spec != "SYMMETRIC_DEFAULT" {
		return kmsErr(errUnsupportedOp, "the practice AWS makes only SYMMETRIC_DEFAULT keys")
	}
	if o := a.str("Origin"); o != "" && o != "AWS_KMS" {
		return kmsErr(errUnsupportedOp, "the practice AWS makes only AWS_KMS keys")
	}
	policy := a.str("Policy")
	if policy == "" {
		policy = defaultPolicy(req.region)
	} else if r, ok := s.checkPolicy(req.region, policy, a.boolean("BypassPolicyLockoutSafetyCheck")); !ok {
		return r
	}
	if len(a.str("Description")) > 8192 {
		return kmsErr(errValidation, "Description is longer than 8192 characters")
	}
	now := s.now()
	k := &Key{ID: newKeyID(a.boolean("MultiRegion")), Description: a.str("Description"), Policy: policy, State: "Enabled",
		Created: now, MultiRegion: a.boolean("MultiRegion"), Tags: a.tags("Tags")}
	if k.MultiRegion {
		k.PrimaryRegion = req.region
	}
	s.st.region(req.region).Keys[k.ID] = k
	s.st.dirty = true
	s.event(req.region, "CreateKey", s.arn(req.region, "key/"+k.ID))
	return jsonOK(map[string]any{"KeyMetadata": s.metadata(req.region, k)})
}

func (s *Server) describeKey(req *request, a args) response {
	k, r, ok := s.resolve(req.region, a.str("KeyId"))
	if !ok {
		return r
	}
	return jsonOK(map[string]any{"KeyMetadata": s.metadata(req.region, k)})
}

func (s *Server) replicateKey(req *request, a args) response {
	k, r, ok := s.resolve(req.region, a.str("KeyId"))
	if !ok {
		return r
	}
	target := a.str("ReplicaRegion")
	switch {
	case !k.MultiRegion:
		return kmsErr(errUnsupportedOp, k.ID+" is not a multi-Region key")
	case k.PrimaryRegion != req.region:
		return kmsErr(errUnsupportedOp, k.ID+" in "+req.region+" is a replica key; replicate the primary key in "+k.PrimaryRegion)
	case target == "" || target == req.region:
		return kmsErr(errValidation, "ReplicaRegion must name another Region")
	case Partition(target) != Partition(req.region):
		return kmsErr(errValidation, "ReplicaRegion "+target+" is not in the partition of "+req.region)
	case k.State == "PendingDeletion":
		return kmsErr(errInvalidState, s.arn(req.region, "key/"+k.ID)+" is pending deletion.")
	}
	if _, exists := s.st.region(target).Keys[k.ID]; exists {
		return kmsErr(errAlreadyExists, "Key "+s.arn(target, "key/"+k.ID)+" already exists")
	}
	// ReplicateKey without a Policy gives the replica the default key
	// policy, not the primary's (KMS API Reference, ReplicateKey: Policy).
	policy := a.str("Policy")
	if policy == "" {
		policy = defaultPolicy(target)
	} else if r, ok := s.checkPolicy(target, policy, a.boolean("BypassPolicyLockoutSafetyCheck")); !ok {
		return r
	}
	until := s.now().Add(replicaCreating)
	rep := &Key{ID: k.ID, Description: a.str("Description"), Policy: policy, State: "Creating", Created: s.now(),
		MultiRegion: true, PrimaryRegion: k.PrimaryRegion, Tags: a.tags("Tags"), CreatingUntil: &until}
	s.st.region(target).Keys[k.ID] = rep
	s.st.dirty = true
	s.event(req.region, "ReplicateKey", s.arn(req.region, "key/"+k.ID))
	tags := []map[string]string{}
	for _, t := range rep.Tags {
		tags = append(tags, map[string]string{"TagKey": t.Key, "TagValue": t.Value})
	}
	return jsonOK(map[string]any{"ReplicaKeyMetadata": s.metadata(target, rep), "ReplicaPolicy": policy, "ReplicaTags": tags})
}

// aliasRE is KMS's alias pattern; the length (at most 256) is checked
// apart: a counted repetition compiles into hundreds of instructions, paid
// at every start of the binary.
var aliasRE = regexp.MustCompile(`^alias/[a-zA-Z0-9/_-]+$`)

func validAlias(name string) (response, bool) {
	switch {
	case len(name) > 256 || !aliasRE.MatchString(name):
		return kmsErr(errValidation, "1 validation error detected: Value '"+name+"' at 'aliasName' failed to satisfy constraint: Member must satisfy regular expression pattern: ^alias/[a-zA-Z0-9/_-]+$"), false
	case strings.HasPrefix(name, "alias/aws/"):
		return kmsErr(errInvalidAliasName, "Alias must not begin with 'alias/aws/'. That prefix is reserved for aliases of AWS managed keys."), false
	}
	return response{}, true
}

func (s *Server) createAlias(req *request, a args) response {
	name := a.str("AliasName")
	if r, ok := validAlias(name); !ok {
		return r
	}
	k, r, ok := s.resolve(req.region, a.str("TargetKeyId"))
	if !ok {
		return r
	}
	reg := s.st.region(req.region)
	if _, exists := reg.Aliases[name]; exists {
		return kmsErr(errAlreadyExists, "An alias with the name "+s.arn(req.region, name)+" already exists")
	}
	reg.Aliases[name] = k.ID
	s.st.dirty = true
	s.event(req.region, "CreateAlias", s.arn(req.region, "key/"+k.ID))
	return jsonOK(map[string]any{})
}

func (s *Server) updateAlias(req *request, a args) response {
	name := a.str("AliasName")
	reg := s.st.region(req.region)
	if _, exists := reg.Aliases[name]; !exists {
		return kmsErr(errNotFoundCode, "Alias "+s.arn(req.region, name)+" is not found.")
	}
	k, r, ok := s.resolve(req.region, a.str("TargetKeyId"))
	if !ok {
		return r
	}
	reg.Aliases[name] = k.ID
	s.st.dirty = true
	s.event(req.region, "UpdateAlias", s.arn(req.region, "key/"+k.ID))
	return jsonOK(map[string]any{})
}

func (s *Server) deleteAlias(req *request, a args) response {
	name := a.str("AliasName")
	reg := s.st.region(req.region)
	kid, exists := reg.Aliases[name]
	if !exists {
		return kmsErr(errNotFoundCode, "Alias "+s.arn(req.region, name)+" is not found.")
	}
	delete(reg.Aliases, name)
	s.st.dirty = true
	s.event(req.region, "DeleteAlias", s.arn(req.region, "key/"+kid))
	return jsonOK(map[string]any{})
}

func (s *Server) getKeyPolicy(req *request, a args) response {
	k, r, ok := s.resolve(req.region, a.str("KeyId"))
	if !ok {
		return r
	}
	if n := a.str("PolicyName"); n != "" && n != "default" {
		return kmsErr(errNotFoundCode, "No such policy exists")
	}
	return jsonOK(map[string]any{"Policy": k.Policy, "PolicyName": "default"})
}

func (s *Server) putKeyPolicy(req *request, a args) response {
	k, r, ok := s.resolve(req.region, a.str("KeyId"))
	if !ok {
		return r
	}
	if n := a.str("PolicyName"); n != "" && n != "default" {
		return kmsErr(errValidation, "PolicyName must be default")
	}
	policy := a.str("Policy")
	if r, ok := s.checkPolicy(req.region, policy, a.boolean("BypassPolicyLockoutSafetyCheck")); !ok {
		return r
	}
	if k.State == "PendingDeletion" {
		return kmsErr(errInvalidState, s.arn(req.region, "key/"+k.ID)+" is pending deletion.")
	}
	k.Policy = policy
	s.st.dirty = true
	s.event(req.region, "PutKeyPolicy", s.arn(req.region, "key/"+k.ID))
	return jsonOK(map[string]any{})
}

func rotationOp(on bool) func(*Server, *request, args) response {
	return func(s *Server, req *request, a args) response {
		k, r, ok := s.resolve(req.region, a.str("KeyId"))
		if !ok {
			return r
		}
		arn := s.arn(req.region, "key/"+k.ID)
		switch {
		case k.MultiRegion && k.PrimaryRegion != req.region:
			// Rotation of a multi-Region key is set on its primary and
			// applies to every replica (KMS Developer Guide, "Rotating
			// multi-Region keys").
			return kmsErr(errUnsupportedOp, arn+" is a multi-Region replica key; set rotation on its primary key in "+k.PrimaryRegion)
		case k.State == "Disabled":
			return kmsErr(errDisabled, arn+" is disabled.")
		case k.State != "Enabled":
			return kmsErr(errInvalidState, arn+" is "+k.State+".")
		}
		k.Rotation = on
		s.st.dirty = true
		name := "DisableKeyRotation"
		if on {
			name = "EnableKeyRotation"
		}
		s.event(req.region, name, arn)
		return jsonOK(map[string]any{})
	}
}

func (s *Server) getRotation(req *request, a args) response {
	k, r, ok := s.resolve(req.region, a.str("KeyId"))
	if !ok {
		return r
	}
	on := k.Rotation
	if k.MultiRegion && k.PrimaryRegion != req.region {
		if p := s.st.region(k.PrimaryRegion).Keys[k.ID]; p != nil {
			on = p.Rotation
		}
	}
	return jsonOK(map[string]any{"KeyRotationEnabled": on, "KeyId": s.arn(req.region, "key/"+k.ID)})
}

func (s *Server) enableKey(req *request, a args) response {
	return s.setEnabled(req, a, true)
}

func (s *Server) disableKey(req *request, a args) response {
	return s.setEnabled(req, a, false)
}

func (s *Server) setEnabled(req *request, a args, on bool) response {
	k, r, ok := s.resolve(req.region, a.str("KeyId"))
	if !ok {
		return r
	}
	arn := s.arn(req.region, "key/"+k.ID)
	if k.State != "Enabled" && k.State != "Disabled" {
		return kmsErr(errInvalidState, arn+" is "+k.State+".")
	}
	name := "DisableKey"
	k.State = "Disabled"
	if on {
		name, k.State = "EnableKey", "Enabled"
	}
	s.st.dirty = true
	s.event(req.region, name, arn)
	return jsonOK(map[string]any{})
}

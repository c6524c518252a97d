package practice

import (
	"net/url"
	"strings"
)

const iamXMLNS = "https://iam.amazonaws.com/doc/2010-05-08/"

// iam answers the IAM calls of the drill's safety net (query protocol; IAM
// is global): CreateRole, GetRole, PutRolePolicy, GetRolePolicy, TagRole,
// DeleteRolePolicy and DeleteRole. Policy documents come back URL-encoded,
// as IAM returns them.
func (s *Server) iam(req *request) response {
	f := req.form
	name := f["RoleName"]
	role := s.st.Roles[name]
	noSuch := func() response {
		return queryError(404, "NoSuchEntity", "The role with name "+name+" cannot be found.")
	}
	roleXML := func(r *Role) string {
		var tags strings.Builder
		for _, t := range r.Tags {
			tags.WriteString("<member>" + el("Key", t.Key) + el("Value", t.Value) + "</member>")
		}
		return "<Role>" + el("Path", "/") + el("RoleName", r.Name) + el("RoleId", r.ID) +
			el("Arn", "arn:aws:iam::"+Account+":role/"+r.Name) + el("CreateDate", r.Created.Format("2006-01-02T15:04:05Z")) +
			el("AssumeRolePolicyDocument", url.QueryEscape(r.Trust)) + "<Tags>" + tags.String() + "</Tags></Role>"
	}
	switch req.op {
	case "CreateRole":
		if role != nil {
			return queryError(409, "EntityAlreadyExists", "Role with name "+name+" already exists.")
		}
		if name == "" || f["AssumeRolePolicyDocument"] == "" {
			return queryError(400, "ValidationError", "RoleName and AssumeRolePolicyDocument are required")
		}
		r := &Role{Name: name, ID: "AROAPRACTICE" + strings.ToUpper(newRequestID()[:8]), Trust: f["AssumeRolePolicyDocument"],
			Created: s.now(), Policies: map[string]string{}}
		for _, t := range formList(f, "Tags.member", "Key", "Value") {
			r.Tags = append(r.Tags, Tag{Key: t["Key"], Value: t["Value"]})
		}
		s.st.Roles[name] = r
		s.st.dirty = true
		return queryRaw("CreateRole", iamXMLNS, roleXML(r))
	case "GetRole":
		if role == nil {
			return noSuch()
		}
		return queryRaw("GetRole", iamXMLNS, roleXML(role))
	case "TagRole":
		if role == nil {
			return noSuch()
		}
		for _, t := range formList(f, "Tags.member", "Key", "Value") {
			role.Tags = append(role.Tags, Tag{Key: t["Key"], Value: t["Value"]})
		}
		s.st.dirty = true
		return queryRaw("TagRole", iamXMLNS, "")
	case "PutRolePolicy":
		if role == nil {
			return noSuch()
		}
		if role.Policies == nil {
			role.Policies = map[string]string{}
		}
		role.Policies[f["PolicyName"]] = f["PolicyDocument"]
		s.st.dirty = true
		return queryRaw("PutRolePolicy", iamXMLNS, "")
	case "GetRolePolicy":
		if role == nil {
			return noSuch()
		}
		doc, ok := role.Policies[f["PolicyName"]]
		if !ok {
			return queryError(404, "NoSuchEntity", "The role policy with name "+f["PolicyName"]+" cannot be found.")
		}
		return queryRaw("GetRolePolicy", iamXMLNS, el("RoleName", name)+el("PolicyName", f["PolicyName"])+el("PolicyDocument", url.QueryEscape(doc)))
	case "DeleteRolePolicy":
		if role == nil {
			return noSuch()
		}
		delete(role.Policies, f["PolicyName"])
		s.st.dirty = true
		return queryRaw("DeleteRolePolicy", iamXMLNS, "")
	case "DeleteRole":
		if role == nil {
			return noSuch()
		}
		if len(role.Policies) > 0 {
			return queryError(409, "DeleteConflict", "Cannot delete entity, must delete policies first.")
		}
		delete(s.st.Roles, name)
		s.st.dirty = true
		return queryRaw("DeleteRole", iamXMLNS, "")
	}
	return unsupported(req)
}

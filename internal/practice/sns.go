package practice

import (
	"sort"
	"strconv"
	"strings"
)

const snsXMLNS = "http://sns.amazonaws.com/doc/2010-03-31/"

// sns answers the SNS calls of tamper alerts (query protocol): CreateTopic
// (an upsert, as in SNS), Get/SetTopicAttributes, Subscribe (an e-mail
// subscription stays pending until the recipient confirms it),
// ListSubscriptionsByTopic and Unsubscribe (of a confirmed subscription).
func (s *Server) sns(req *request) response {
	f := req.form
	reg := s.st.region(req.region)
	prefix := "arn:" + Partition(req.region) + ":sns:" + req.region + ":" + Account + ":"
	topic := func() (*Topic, response, bool) {
		arn := f["TopicArn"]
		t := reg.Topics[strings.TrimPrefix(arn, prefix)]
		if !strings.HasPrefix(arn, prefix) || t == nil {
			return nil, queryError(404, "NotFound", "Topic does not exist"), false
		}
		return t, response{}, true
	}
	switch req.op {
	case "CreateTopic":
		name := f["Name"]
		if name == "" || len(name) > 256 {
			return queryError(400, "InvalidParameter", "Invalid parameter: Topic Name")
		}
		t := reg.Topics[name]
		if t == nil {
			t = &Topic{Name: name, Attributes: map[string]string{}}
			for _, tg := range formList(f, "Tags.member", "Key", "Value") {
				t.Tags = append(t.Tags, Tag{Key: tg["Key"], Value: tg["Value"]})
			}
			reg.Topics[name] = t
		}
		for _, e := range formList(f, "Attributes.entry", "key", "value") {
			t.Attributes[e["key"]] = e["value"]
		}
		s.st.dirty = true
		return queryRaw("CreateTopic", snsXMLNS, el("TopicArn", prefix+name))
	case "GetTopicAttributes":
		t, r, ok := topic()
		if !ok {
			return r
		}
		attrs := map[string]string{"TopicArn": prefix + t.Name, "Owner": Account, "DisplayName": ""}
		for k, v := range t.Attributes {
			attrs[k] = v
		}
		pending, confirmed := 0, 0
		for _, sub := range t.Subscriptions {
			if sub.ARN == "" {
				pending++
			} else {
				confirmed++
			}
		}
		attrs["SubscriptionsPending"], attrs["SubscriptionsConfirmed"] = strconv.Itoa(pending), strconv.Itoa(confirmed)
		keys := make([]string, 0, len(attrs))
		for k := range attrs {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		var b strings.Builder
		for _, k := range keys {
			b.WriteString("<entry>" + el("key", k) + el("value", attrs[k]) + "</entry>")
		}
		return queryRaw("GetTopicAttributes", snsXMLNS, "<Attributes>"+b.String()+"</Attributes>")
	case "SetTopicAttributes":
		t, r, ok := topic()
		if !ok {
			return r
		}
		t.Attributes[f["AttributeName"]] = f["AttributeValue"]
		s.st.dirty = true
		return queryRaw("SetTopicAttributes", snsXMLNS, "")
	case "Subscribe":
		t, r, ok := topic()
		if !ok {
			return r
		}
		if f["Protocol"] != "email" {
			return queryError(400, "InvalidParameter", "the practice AWS takes e-mail subscriptions only")
		}
		found := false
		for _, sub := range t.Subscriptions {
			found = found || (sub.Protocol == "email" && sub.Endpoint == f["Endpoint"])
		}
		if !found {
			t.Subscriptions = append(t.Subscriptions, Subscription{Protocol: "email", Endpoint: f["Endpoint"]})
			s.st.dirty = true
		}
		return queryRaw("Subscribe", snsXMLNS, el("SubscriptionArn", "pending confirmation"))
	case "Unsubscribe":
		// A pending subscription has no ARN to name: SNS refuses the
		// placeholder as it does; an ARN already gone is no error (as moto).
		arn := f["SubscriptionArn"]
		if !strings.HasPrefix(arn, "arn:") || strings.Count(arn, ":") < 6 {
			return queryError(400, "InvalidParameter", "Invalid parameter: SubscriptionArn Reason: An ARN must have at least 6 elements")
		}
		for _, t := range reg.Topics {
			for i, sub := range t.Subscriptions {
				if sub.ARN == arn {
					t.Subscriptions = append(t.Subscriptions[:i], t.Subscriptions[i+1:]...)
					s.st.dirty = true
					return queryRaw("Unsubscribe", snsXMLNS, "")
				}
			}
		}
		return queryRaw("Unsubscribe", snsXMLNS, "")
	case "ListSubscriptionsByTopic":
		t, r, ok := topic()
		if !ok {
			return r
		}
		var b strings.Builder
		for _, sub := range t.Subscriptions {
			arn := sub.ARN
			if arn == "" {
				arn = "PendingConfirmation"
			}
			b.WriteString("<member>" + el("TopicArn", prefix+t.Name) + el("Protocol", sub.Protocol) + el("SubscriptionArn", arn) +
				el("Owner", Account) + el("Endpoint", sub.Endpoint) + "</member>")
		}
		return queryRaw("ListSubscriptionsByTopic", snsXMLNS, "<Subscriptions>"+b.String()+"</Subscriptions>")
	}
	return unsupported(req)
}

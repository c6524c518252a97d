package practice

import (
	"encoding/json"
	"encoding/xml"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// jsonOK answers a JSON 1.1 call.
func jsonOK(v any) response {
	b, err := json.Marshal(v)
	if err != nil {
		return jsonError(500, "InternalFailure", err.Error())
	}
	return response{status: 200, body: b}
}

// jsonError answers a JSON 1.1 error the way AWS does: the error code in
// __type and in the X-Amzn-ErrorType header, the text in message.
func jsonError(status int, code, msg string) response {
	b, _ := json.Marshal(map[string]string{"__type": code, "message": msg})
	return response{status: status, body: b, header: map[string]string{"X-Amzn-ErrorType": code}}
}

// queryOK answers a query-protocol call: <OpResponse><OpResult>…</OpResult>.
// The members of result (a struct) become the elements of OpResult.
func queryOK(op, xmlns string, result any) response {
	b, err := xml.Marshal(result)
	if err != nil {
		return queryError(500, "InternalFailure", err.Error())
	}
	// Keep the members, not the struct's own element.
	inner := string(b)
	if i, j := strings.Index(inner, ">"), strings.LastIndex(inner, "</"); i >= 0 && j > i {
		inner = inner[i+1 : j]
	}
	doc := `<` + op + `Response xmlns="` + xmlns + `"><` + op + `Result>` + inner + `</` + op + `Result><ResponseMetadata><RequestId>` + newRequestID() + `</RequestId></ResponseMetadata></` + op + `Response>`
	return response{status: 200, body: []byte(doc), header: map[string]string{"Content-Type": "text/xml"}}
}

// queryRaw answers a query-protocol call whose result is XML already made
// (members escaped with esc).
func queryRaw(op, xmlns, inner string) response {
	doc := `<` + op + `Response xmlns="` + xmlns + `"><` + op + `Result>` + inner + `</` + op + `Result><ResponseMetadata><RequestId>` + newRequestID() + `</RequestId></ResponseMetadata></` + op + `Response>`
	return response{status: 200, body: []byte(doc), header: map[string]string{"Content-Type": "text/xml"}}
}

// esc escapes text for an XML element.
func esc(s string) string {
	var b strings.Builder
	_ = xml.EscapeText(&b, []byte(s))
	return b.String()
}

// el is <name>escaped text</name>.
func el(name, text string) string { return "<" + name + ">" + esc(text) + "</" + name + ">" }

// formList reads a query-protocol list: prefix.1.field, prefix.2.field, ...
func formList(form map[string]string, prefix string, fields ...string) []map[string]string {
	var out []map[string]string
	for i := 1; ; i++ {
		e := map[string]string{}
		for _, f := range fields {
			if v, ok := form[prefix+"."+strconv.Itoa(i)+"."+f]; ok {
				e[f] = v
			}
		}
		if len(e) == 0 {
			return out
		}
		out = append(out, e)
	}
}

// queryError answers a query-protocol error.
func queryError(status int, code, msg string) response {
	type errT struct {
		Type    string `xml:"Type"`
		Code    string `xml:"Code"`
		Message string `xml:"Message"`
	}
	type doc struct {
		XMLName   xml.Name `xml:"ErrorResponse"`
		Error     errT     `xml:"Error"`
		RequestID string   `xml:"RequestId"`
	}
	kind := "Sender"
	if status >= 500 {
		kind = "Receiver"
	}
	b, _ := xml.Marshal(doc{Error: errT{Type: kind, Code: code, Message: msg}, RequestID: newRequestID()})
	return response{status: status, body: b, header: map[string]string{"Content-Type": "text/xml"}}
}

func parseForm(body []byte) map[string]string {
	v, err := url.ParseQuery(string(body))
	out := map[string]string{}
	if err != nil {
		return out
	}
	for k := range v {
		out[k] = v.Get(k)
	}
	return out
}

// epoch is a JSON 1.1 timestamp: seconds since the epoch, with fractions.
func epoch(t time.Time) float64 {
	return float64(t.UnixNano()) / 1e9
}

package zoom

import "github.com/zcmk/zcmk-tui/internal/i18n"

// DataType is one kind of Zoom data CMK can protect. Name and Group are
// English (Name from the catalogue); Label and GroupLabel give them in any
// language.
type DataType struct{ ID, Name, Group string }

// Data-type groups, in display order. The values are the English names and
// identify the group (DataType.Group); GroupLabel gives the name in another
// language.
const (
	GroupMeetings    = "Meetings and webinars"
	GroupPhone       = "Zoom Phone"
	GroupTokens      = "Calendar and integration tokens"
	GroupCollaborate = "Team Chat, Clips and Whiteboards"
	GroupAICompanion = "AI Companion"
)

// groupIDs are the message ids of the groups.
var groupIDs = map[string]string{
	GroupMeetings:    "zoom.datagroup.meetings",
	GroupPhone:       "zoom.datagroup.phone",
	GroupTokens:      "zoom.datagroup.tokens",
	GroupCollaborate: "zoom.datagroup.collaborate",
	GroupAICompanion: "zoom.datagroup.ai-companion",
}

// GroupLabel is the message naming a data-type group.
func GroupLabel(group string) i18n.Msg { return msg(groupIDs[group]) }

// Label is the message naming the data type ("zoom.datatype.<id>").
func (d DataType) Label() i18n.Msg { return msg("zoom.datatype." + d.ID) }

// dataTypes lists the IDs (stable) and groups, in display order.
var dataTypes = []DataType{
	{ID: "cloud-recordings", Group: GroupMeetings},
	{ID: "archives", Group: GroupMeetings},
	{ID: "phone-recordings", Group: GroupPhone},
	{ID: "phone-voicemail", Group: GroupPhone},
	{ID: "phone-transcripts", Group: GroupPhone},
	{ID: "phone-mms", Group: GroupPhone},
	{ID: "rooms-calendar-tokens", Group: GroupTokens},
	{ID: "user-calendar-tokens", Group: GroupTokens},
	{ID: "teams-tokens", Group: GroupTokens},
	{ID: "team-chat", Group: GroupCollaborate},
	{ID: "clips", Group: GroupCollaborate},
	{ID: "whiteboards", Group: GroupCollaborate},
	{ID: "ai-companion", Group: GroupAICompanion},
}

// DataTypes is the catalogue from the domain brief: what CMK protects once it
// is active (content created afterwards, for licensed users). IDs are stable;
// Name is the English name.
func DataTypes() []DataType {
	out := append([]DataType(nil), dataTypes...)
	for i := range out {
		out[i].Name = english.M(out[i].Label())
	}
	return out
}

// DataTypeGroups returns the groups of DataTypes in display order (their
// English names; GroupLabel for another language).
func DataTypeGroups() []string {
	return []string{GroupMeetings, GroupPhone, GroupTokens, GroupCollaborate, GroupAICompanion}
}

// NotProtectedMsgs lists what CMK does not protect, for the admin to know.
func NotProtectedMsgs() []i18n.Msg {
	return []i18n.Msg{
		msg("zoom.notprotected.live"),
		msg("zoom.notprotected.before"),
		msg("zoom.notprotected.local"),
		msg("zoom.notprotected.metadata"),
	}
}

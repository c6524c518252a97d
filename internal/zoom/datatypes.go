package zoom

// DataType is one kind of Zoom data CMK can protect.
type DataType struct{ ID, Name, Group string }

// Data-type groups, in display order.
const (
	GroupMeetings    = "Meetings and webinars"
	GroupPhone       = "Zoom Phone"
	GroupTokens      = "Calendar and integration tokens"
	GroupCollaborate = "Team Chat, Clips and Whiteboards"
	GroupAICompanion = "AI Companion"
)

// DataTypes is the catalogue from the domain brief: what CMK protects once it
// is active (content created afterwards, for licensed users). IDs are stable.
func DataTypes() []DataType {
	return []DataType{
		{"cloud-recordings", "Meeting and webinar cloud recordings (with transcripts, summaries and in-meeting chat)", GroupMeetings},
		{"archives", "Meeting and webinar archives", GroupMeetings},
		{"phone-recordings", "Zoom Phone call recordings", GroupPhone},
		{"phone-voicemail", "Zoom Phone voicemails", GroupPhone},
		{"phone-transcripts", "Zoom Phone transcripts", GroupPhone},
		{"phone-mms", "Zoom Phone MMS messages", GroupPhone},
		{"rooms-calendar-tokens", "Zoom Rooms calendar access tokens", GroupTokens},
		{"user-calendar-tokens", "User calendar access tokens", GroupTokens},
		{"teams-tokens", "Microsoft Teams access tokens", GroupTokens},
		{"team-chat", "Team Chat messages and files", GroupCollaborate},
		{"clips", "Clips", GroupCollaborate},
		{"whiteboards", "Whiteboards", GroupCollaborate},
		{"ai-companion", "AI Companion output (follows the asset it belongs to)", GroupAICompanion},
	}
}

// DataTypeGroups returns the groups of DataTypes in display order.
func DataTypeGroups() []string {
	return []string{GroupMeetings, GroupPhone, GroupTokens, GroupCollaborate, GroupAICompanion}
}

// NotProtected lists what CMK does not protect, for the admin to know.
func NotProtected() []string {
	return []string{
		"Live meeting and webinar traffic (in transit; CMK is encryption at rest)",
		"Content created before CMK was turned on (it is not re-encrypted)",
		"Local recordings uploaded to Zoom later",
		"Some metadata",
	}
}

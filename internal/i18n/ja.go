package i18n

func init() { Catalogues[Japanese] = ja }

// ja is the Japanese catalogue: です・ます, short sentences; ARNs, ids,
// commands, JSON, "Configure Customer Managed Key" and "Standby" stay
// literal (the Zoom portal shows them in English). Terms follow the AWS
// console and the Zoom web portal in Japanese.
var ja = Catalogue{
	"lang.name": "日本語",
}

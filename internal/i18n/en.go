package i18n

func init() { Catalogues[English] = en }

// en is the English catalogue.
var en = Catalogue{
	"lang.name": "English",
}

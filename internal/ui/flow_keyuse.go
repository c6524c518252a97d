package ui

// keyUse is which key the choices of step 2 use.
type keyUse int

const (
	useNew      keyUse = iota // a key to be created
	useKept                   // the key this session made or chose (flow.pinned)
	useExisting               // an existing key typed in at step 2
)

// keyInUse says which key the choices use; it agrees with flow.options,
// which plans on the kept key unless an existing key is given or the
// admin starts over.
func (f *flow) keyInUse() keyUse {
	switch {
	case f.mode == modeExisting:
		return useExisting
	case f.mode == modeStartOver, f.pinned == "":
		return useNew
	}
	return useKept
}

// keptKey names the kept key: its key ID, and its alias when it has one.
func (f *flow) keptKey() string {
	id := keyIDOf(f.pinned)
	if f.pinnedAlias == "" {
		return id
	}
	return f.t("keyuse.kept.alias", id, f.pinnedAlias)
}

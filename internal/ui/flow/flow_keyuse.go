package flow

// KeyUse is which key the choices of step 2 use.
type KeyUse int

const (
	useNew      KeyUse = iota // a key to be created
	UseKept                   // the key this session made or chose (flow.pinned)
	UseExisting               // an existing key typed in at step 2
)

// KeyInUse says which key the choices use; it agrees with flow.options,
// which plans on the kept key unless an existing key is given or the
// admin starts over.
func (f *Flow) KeyInUse() KeyUse {
	switch {
	case f.Mode == ModeExisting:
		return UseExisting
	case f.Mode == modeStartOver, f.Pinned == "":
		return useNew
	}
	return UseKept
}

// KeptKey names the kept key: its key ID, and its alias when it has one.
func (f *Flow) KeptKey() string {
	id := KeyIDOf(f.Pinned)
	if f.PinnedAlias == "" {
		return id
	}
	return f.T("keyuse.kept.alias", id, f.PinnedAlias)
}

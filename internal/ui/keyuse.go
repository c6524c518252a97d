package ui

// Which key steps 2 and 3 use, said the same way on every line that names
// it (the summary over the replica list and over the key questions, the
// plan, the accessible mode): the key this session made or chose (kept),
// an existing key typed in at "Which key?", or a new key. The choice of
// mode alone does not tell: "Keep the key set up in this session" is the
// first choice (modeNew) once the session has a key.

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

// keySummary is the line that says which key is used, with its primary
// Region.
func (m *painter) keySummary() string {
	switch m.f.keyInUse() {
	case useKept:
		return m.t("keyuse.kept", m.f.keptKey(), m.region(m.f.primary))
	case useExisting:
		return m.t("regions.summary.existing", m.f.existing, m.region(m.f.primary))
	}
	if k := m.f.aliasKey(); k != nil {
		return m.t("keyuse.alias", k.KeyID, m.f.alias, m.region(m.f.primary))
	}
	return m.t("regions.summary.new", m.region(m.f.primary))
}

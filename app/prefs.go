package app

import "fyne.io/fyne/v2"

// prefStore lets services/config read and write the app's preferences.
type prefStore struct{ p fyne.Preferences }

func (s prefStore) String(key string) string    { return s.p.String(key) }
func (s prefStore) SetString(key, value string) { s.p.SetString(key, value) }

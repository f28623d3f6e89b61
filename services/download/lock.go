package download

import (
	"errors"
	"fmt"
	"os"
	"strconv"
	"strings"
)

// ErrJournalInUse means another queue holds the journal: another esodesk
// process (a second window, a second 'esodesk get') or a second Queue in this
// one. errors.As gives the *JournalInUseError with the holder's pid.
var ErrJournalInUse = errors.New("the download queue is in use by another esodesk")

// JournalInUseError is the error New returns when the journal is locked.
type JournalInUseError struct {
	Path string // the journal
	PID  int    // the process holding it; 0 when it has not said yet
}

func (e *JournalInUseError) Error() string {
	if e.PID == 0 {
		return ErrJournalInUse.Error()
	}
	return fmt.Sprintf("%v (pid %d)", ErrJournalInUse, e.PID)
}

func (e *JournalInUseError) Is(target error) bool { return target == ErrJournalInUse }

// errLocked is what the platform's lockFile returns when someone else holds
// the lock.
var errLocked = errors.New("locked")

// lockJournal takes the journal's lock for as long as the returned file stays
// open; the OS drops it when the holder closes it or dies, even by SIGKILL.
// The lock is on a file of its own, <journal>.lock, because the journal is
// replaced by a rename on every open and a lock on it would go with the old
// file. The lock file is never removed: a second opener may have it open
// already, and would lock the removed file while a third locks a new one.
func lockJournal(journal string) (*os.File, error) {
	path := journal + ".lock"
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, fmt.Errorf("cannot open the download journal's lock: %w", err)
	}
	if err := lockFile(f); err != nil {
		f.Close()
		if errors.Is(err, errLocked) {
			return nil, &JournalInUseError{Path: journal, PID: readPID(path)}
		}
		return nil, fmt.Errorf("cannot lock the download journal: %w", err)
	}
	// Who holds it, for the message the next opener gets. Best effort: the
	// lock works without it.
	if f.Truncate(0) == nil {
		f.WriteAt([]byte(strconv.Itoa(os.Getpid())+"\n"), 0)
	}
	return f, nil
}

// readPID reads the holder's pid from the lock file; 0 if it is not there
// (yet).
func readPID(path string) int {
	b, err := os.ReadFile(path)
	if err != nil {
		return 0
	}
	pid, err := strconv.Atoi(strings.TrimSpace(string(b)))
	if err != nil || pid <= 0 {
		return 0
	}
	return pid
}

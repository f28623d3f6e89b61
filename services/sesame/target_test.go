package sesame

import (
	"context"
	"errors"
	"math"
	"strings"
	"testing"

	"esodesk/services/coords"
	"esodesk/testbed/standin"
)

func TestResolveTargetCoordinatesAndNames(t *testing.T) {
	url := standIn(t) + standin.SesamePath
	ctx := context.Background()

	// coordinates never reach Sesame
	got, err := ResolveTarget(ctx, nil, "http://127.0.0.1:1/unreachable", "10:45:03.6 -59:41:04")
	if err != nil {
		t.Fatal(err)
	}
	if math.Abs(got.RA-161.265) > 1e-6 || math.Abs(got.Dec-(-59.684444)) > 1e-5 || got.Where != coords.Format(got.RA, got.Dec) {
		t.Fatalf("coordinates read as %+v", got)
	}

	byName, err := ResolveTarget(ctx, nil, url, "HD 100546")
	if err != nil {
		t.Fatal(err)
	}
	direct, err := New(url, nil).Resolve(ctx, "HD 100546")
	if err != nil {
		t.Fatal(err)
	}
	if byName.RA != direct.RA || byName.Dec != direct.Dec || !strings.HasPrefix(byName.Where, "HD 100546 resolved to ") {
		t.Fatalf("name resolved to %+v, Sesame says %+v", byName, direct)
	}

	var ce *coords.Error
	if _, err := ResolveTarget(ctx, nil, url, "10:45:03.6 -99:41:04"); !errors.As(err, &ce) {
		t.Fatalf("bad declination: %v, want a *coords.Error", err)
	}
	var nf *NotFoundError
	if _, err := ResolveTarget(ctx, nil, url, "no such object xyzzy"); !errors.As(err, &nf) {
		t.Fatalf("unknown name: %v, want a *NotFoundError", err)
	}
}

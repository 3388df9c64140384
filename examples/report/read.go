package main

import (
	"fmt"

	"github.com/engagekit/engage/engagement"
	"github.com/engagekit/engage/touchpoints"
)

// readTouchpoints reads the touch points, or none when there is no file.
func readTouchpoints(s source) ([]touchpoints.Touchpoint, error) {
	if !s.given() {
		return nil, nil
	}
	f, err := s.open()
	if err != nil {
		return nil, err
	}
	defer f.Close() // only read: a read error surfaces from the parser, closing loses nothing
	tps, err := touchpoints.ReadTouchpoints(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", s.name, err)
	}
	return tps, nil
}

// readConsent reads who may be contacted from the customers file, or nil
// when there is none.
func readConsent(s source) (map[engagement.CustomerID]bool, error) {
	if !s.given() {
		return nil, nil
	}
	f, err := s.open()
	if err != nil {
		return nil, err
	}
	defer f.Close() // only read, as above
	out := make(map[engagement.CustomerID]bool)
	for c, err := range engagement.ReadCustomersCSV(f) {
		if err != nil {
			return nil, fmt.Errorf("%s: %w", s.name, err)
		}
		out[c.ID] = c.Consent.MayContact()
	}
	return out, nil
}

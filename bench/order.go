package main

import (
	"fmt"
	"reflect"

	"augpipe/augment"
)

// The order of blur and thumbnail is being added to augpipe (an --order flag
// and a Config.Order field) while this benchmark is written. So that the
// benchmark builds with and without it, it looks the field up by name with
// reflection instead of naming it: hasOrder says whether the field exists,
// and setOrder sets it. Once Config.Order has landed both can become plain
// field accesses.

// hasOrder reports whether augment.Config has a string field Order.
func hasOrder() bool {
	f, ok := reflect.TypeFor[augment.Config]().FieldByName("Order")
	return ok && f.Type.Kind() == reflect.String
}

// setOrder sets cfg.Order to order ("blur-first" or "fit-first").
func setOrder(cfg *augment.Config, order string) error {
	if !hasOrder() {
		return fmt.Errorf("order %s: %w", order, errNoOrder)
	}
	reflect.ValueOf(cfg).Elem().FieldByName("Order").SetString(order)
	if err := cfg.Validate(); err != nil {
		return fmt.Errorf("order %s: %w", order, err)
	}
	return nil
}

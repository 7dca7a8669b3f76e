package main

import (
	"os"
	"strings"

	"augpipe/augment"
)

// thisMachine describes the machine, with the load average at the start
// and the Pillow found (if any).
func thisMachine(p *Pillow) MachineInfo {
	m := MachineInfo{Machine: augment.ThisMachine()}
	if data, err := os.ReadFile("/proc/loadavg"); err == nil {
		m.LoadAvg = strings.TrimSpace(string(data))
	}
	if p != nil {
		m.Python, m.Pillow = p.Python, p.Version
	}
	return m
}

package main

import (
	"os"
	"strings"

	"github.com/augpipe/augpipe/augment"
)

// thisMachine describes the machine, with the load average at the start
// and the Pillow found (if any).
func thisMachine(p *Pillow) MachineInfo {
	m := MachineInfo{Machine: augment.ThisMachine()}
	m.LoadAvg = loadAvg()
	if p != nil {
		m.Python, m.Pillow = p.Python, p.Version
	}
	return m
}

// loadAvg is /proc/loadavg, or "" where there is none.
func loadAvg() string {
	data, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return ""
	}
	return strings.TrimSpace(string(data))
}

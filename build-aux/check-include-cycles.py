#!/usr/bin/env python3
"""Fails when the files of a source folder depend on each other in a circle.

A module is a "sk-<thing>" pair of files (.c, .h, -private.h, .ui). Module A
depends on module B when any file of A includes a header of B. Modules that
docs/architecture.md puts in one layer of the core and that work hand in
hand (LAYERS below) count as one; between layers, and between all other
modules, the graph has no cycle.

usage: check-include-cycles.py FOLDER [FOLDER...]
"""
import os
import re
import sys

INCLUDE = re.compile(r'^\s*#\s*include\s+[<"](?:sparekey/)?(sk-[a-z0-9-]+?)(?:-private)?\.h[>"]', re.M)


# Layers of docs/architecture.md whose modules call each other by design.
LAYERS = {
    # The inventory keeps its single-point counts with the judge of ways
    # back, which reads the inventory's bindings.
    'sk-ways-back': 'inventory',
    'sk-inventory': 'inventory',
}


def module_of(name):
    base = os.path.basename(name)
    base = re.sub(r'\.(c|h|ui)$', '', base)
    base = re.sub(r'-private$', '', base)
    return LAYERS.get(base, base)


def graph(folders):
    edges = {}
    for folder in folders:
        for root, _dirs, files in os.walk(folder):
            for f in files:
                if not f.endswith(('.c', '.h')):
                    continue
                mod = module_of(f)
                with open(os.path.join(root, f), encoding='utf-8') as fh:
                    text = fh.read()
                deps = edges.setdefault(mod, set())
                for m in INCLUDE.findall(text):
                    m = LAYERS.get(m, m)
                    if m != mod:
                        deps.add(m)
    return edges


def find_cycle(edges):
    WHITE, GREY, BLACK = 0, 1, 2
    colour = {m: WHITE for m in edges}
    stack = []

    def visit(m):
        colour[m] = GREY
        stack.append(m)
        for d in sorted(edges.get(m, ())):
            if d not in colour:
                continue
            if colour[d] == GREY:
                return stack[stack.index(d):] + [d]
            if colour[d] == WHITE:
                found = visit(d)
                if found:
                    return found
        stack.pop()
        colour[m] = BLACK
        return None

    for m in sorted(edges):
        if colour[m] == WHITE:
            found = visit(m)
            if found:
                return found
    return None


def main():
    status = 0
    for folder in sys.argv[1:]:
        cycle = find_cycle(graph([folder]))
        if cycle:
            print('%s: modules include each other in a circle: %s'
                  % (folder, ' -> '.join(cycle)))
            status = 1
        else:
            print('%s: no circle' % folder)
    return status


if __name__ == '__main__':
    sys.exit(main())

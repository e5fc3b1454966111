"""Closes the cycle first -> second -> first; the self-import is a cycle of its own."""

from first import VALUE  ### "import cycle: first -> second -> first"
import second  ### "import cycle: second -> second"

"""Fonts: discovery, coverage checks, preparation for an exact text layer, ToUnicode maps, subsets."""

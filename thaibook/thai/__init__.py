"""Thai text: character rules and the checker of typing slips, line-break opportunities and word lists."""

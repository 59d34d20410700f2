"""Local budgets: versions and lines by Kyrgyzstan's budget classification, import, the citizen's budget."""

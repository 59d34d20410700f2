"""Kyrgyzstan's territorial units (oblasts, rayons, municipalities, settlements), LSG bodies and deputies."""

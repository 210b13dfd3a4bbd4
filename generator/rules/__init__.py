"""The rules of seed 000 §四 and §六, one function per rule, each citing its clause.

Modules here compute outcomes from loaded models; they never read files or render anything.
"""

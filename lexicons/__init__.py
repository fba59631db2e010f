"""lexicons"""

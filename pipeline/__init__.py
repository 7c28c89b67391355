"""Liuzhou circular-economy annual reporting pipeline (柳政发〔2018〕30号)."""

__version__ = "0.1.0"

"""publish: turn Chinese articles into print-ready study handouts.

The pipeline, one module a stage:

    sources/   file -> Article
    edition    Article -> Article (simplified -> traditional)
    render     Article + Layout -> HTML
    typeset    HTML -> PDF (WeasyPrint)
    impose     PDF -> booklet PDF
    build      the orchestrator
"""

__version__ = "0.1.0"

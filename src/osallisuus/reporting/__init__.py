"""Publishing: params files, the report runner, report sections, texts in fi/sv/en, figures,
HTML export with its index, and exports for spreadsheets and Power BI."""

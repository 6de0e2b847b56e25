"""Reads a CSV and an XLSX as an independent reader would (Python's csv, Debian's openpyxl)
and prints JSON: the rows of each, with each XLSX cell's type, and the sheet's layout."""
import csv, json, sys
import openpyxl


def cell(value):
    if value is None:
        return None
    if hasattr(value, 'isoformat'):
        return {'date': value.isoformat()}
    return value


with open(sys.argv[1], encoding='utf-8-sig', newline='') as f:
    csv_rows = list(csv.reader(f))
book = openpyxl.load_workbook(sys.argv[2])
sheet = book.worksheets[0]
print(json.dumps({
    'csv': csv_rows,
    'xlsx': [[cell(c) for c in row] for row in sheet.iter_rows(values_only=True)],
    'frozen': sheet.freeze_panes,
    'autoFilter': sheet.auto_filter.ref,
    'headerBold': all(c.font.bold for c in sheet[1]),
}))

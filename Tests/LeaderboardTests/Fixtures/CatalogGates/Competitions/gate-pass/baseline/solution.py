import csv
rows = list(csv.DictReader(open('public/test.csv')))
with open('submission.csv', 'w') as f:
    f.write('id,y\n')
    for r in rows: f.write(f"{r['id']},{2 * int(r['x']) + 1}\n")

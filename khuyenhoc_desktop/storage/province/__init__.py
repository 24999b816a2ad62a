"""The province's tables (`prov_*`): enrolled communes, the package ledger, the mirror of the communes'
records and the narrow copies the totals are counted from. Every statement on them lives here, one
module per group of tables:

* `communes` — `prov_commune` (registration, revocation);
* `ledger` — `prov_package` and `prov_rejected` (what was imported, what was returned);
* `mirror` — `prov_record` and the typed copies `prov_award`, `prov_class`, `prov_voucher` as written by
  an import;
* `totals` — the aggregate queries over the typed copies;
* `members` — `prov_member` and `prov_org_unit` (the communes' members and units): their typed-copy
  statements and the member figures by commune;
* `figures` — the dues and population copies; `learning` — the learning models' copies (`prov_learning_*`)
  and the registrations, recognitions and Công dân học tập counts by commune and model.

The models (`models`) are not bound to a data file: each query is bound to the workspace's database
(`query.bind(db)`), so that a commune file and a province file can be open at the same time.
"""

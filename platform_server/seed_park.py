"""The park service posts' seed: the member items of two 一件事 bundles (企业开办, 新生儿出生), the
bundles merged from them, the policies with machine-readable conditions (政策通), and a small
enterprise register to match them against. Register facts are invented; the codes are valid GB 32100."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from api_schema.bundles import merge_bundle
from api_schema.models import (
    Audience, EnterpriseProfile, EnterpriseSize, FieldType, FormField, Material, Policy, PolicyCondition,
    PolicyConditionKind as K, ServiceItem, Verification,
)
from api_schema.validators import uscc_check_char

from .seed_catalog import FREE, FREE_EN, SEED_ITEMS, _id_card_material, _PERSONAL_FIELDS


def _uscc(first17: str) -> str:
    return first17 + uscc_check_char(first17)


def _company_name() -> FormField:
    return FormField(name="company_name", label="企业名称", label_en="Company name", max_length=100)


def _item(code: str, name: str, name_en: str, department: str, department_en: str, theme: str, audience: Audience,
          summary: tuple[str, str], form: list[FormField], days: int,
          materials: list[Material] | None = None) -> ServiceItem:
    """A bundle member or park item with the common guide; `summary` in Chinese and English."""
    return ServiceItem(
        code=code, name=name, name_en=name_en, department=department, department_en=department_en, theme=theme,
        audience=audience, summary=summary[0], summary_en=summary[1], conditions=["申请人身份真实有效"],
        conditions_en=["The applicant's identity is genuine and valid"], legal_basis=[],
        materials=materials or [_id_card_material()], time_limit_legal_days=max(days, 1) * 2,
        time_limit_promised_days=days, procedure=["身份核验", "填写信息", "部门审核", "出件"],
        procedure_en=["Identity check", "Fill in the details", "Review by the department", "Result issued"],
        fees=FREE, fees_en=FREE_EN, instant=False, verification=Verification.FACE, form=form)


_SETUP = next(i for i in SEED_ITEMS if i.code == "SJ-0801")
_START_UP_MEMBERS = [
    _SETUP,
    _item("GA-0802", "公章刻制备案", "Company seal engraving record", "市公安局", "Public Security Bureau", "企业开办",
          Audience.ENTERPRISE, ("新设企业首套印章刻制，免费。",
                                "The first set of seals of a new company, engraved free of charge."),
          [*_PERSONAL_FIELDS, _company_name(),
           FormField(name="seal_set", label="印章套餐", label_en="Seal set", type=FieldType.SELECT,
                     options=["公章+财务章+发票章", "公章+财务章+发票章+合同章"],
                     options_en=["Company, finance and invoice seals",
                                 "Company, finance, invoice and contract seals"])], 1),
    _item("SW-0803", "新办纳税人套餐（发票申领）", "New taxpayer package (invoices)", "市税务局", "Tax Bureau", "企业开办",
          Audience.ENTERPRISE, ("新办企业税务信息确认、发票票种核定与首次申领。",
           "A new company's tax details confirmed, its invoice types approved and its first invoices issued."),
          [*_PERSONAL_FIELDS, _company_name(),
           FormField(name="invoice_type", label="发票种类", label_en="Invoice type", type=FieldType.SELECT,
                     options=["增值税普通发票", "增值税专用发票", "数电发票"],
                     options_en=["VAT ordinary invoice", "VAT special invoice", "Fully digital invoice"]),
           FormField(name="invoice_monthly", label="每月领用份数", label_en="Invoices per month",
                     type=FieldType.NUMBER, max_length=5)], 1),
    _item("RS-0804", "单位参保登记", "Employer social insurance registration", "市人力资源和社会保障局",
          "Human Resources and Social Security Bureau", "企业开办", Audience.ENTERPRISE, ("新设单位办理社会保险登记。",
                                                                                      "A new employer registers for social insurance."),
          [*_PERSONAL_FIELDS, _company_name(),
           FormField(name="staff_count", label="参保职工人数", label_en="Insured staff", type=FieldType.NUMBER,
                     max_length=6)], 1),
    _item("YH-0805", "银行开户预约", "Bank account appointment", "人民银行市分行", "People's Bank branch", "企业开办",
          Audience.ENTERPRISE, ("预约开立企业基本存款账户，营业执照信息自动推送至银行。",
           "Book the opening of the company's basic account; the licence details go to the bank by themselves."),
          [*_PERSONAL_FIELDS, _company_name(),
           FormField(name="bank", label="开户银行", label_en="Bank", type=FieldType.SELECT,
                     options=["工商银行", "农业银行", "中国银行", "建设银行", "本地农商行"],
                     options_en=["ICBC", "Agricultural Bank of China", "Bank of China", "China Construction Bank",
                                 "Local rural commercial bank"])], 1),
]

_BABY = FormField(name="baby_name", label="新生儿姓名", label_en="Newborn's name", max_length=40)
_BIRTH_CERT = Material(code="M-BIRTH", name="出生医学证明（医院已推送可免交）",
                       name_en="Medical birth certificate (not needed if the hospital sent it)",
                       form="原件", deferrable=True, defer_days=10)
_NEWBORN_MEMBERS = [
    _item("WJ-1001", "出生医学证明申领", "Medical birth certificate", "市卫生健康委员会", "Health Commission", "出生",
          Audience.PERSONAL, ("医院签发出生医学证明。", "The hospital issues the medical birth certificate."),
          [*_PERSONAL_FIELDS, _BABY,
           FormField(name="baby_birth_date", label="出生日期", label_en="Date of birth", type=FieldType.DATE),
           FormField(name="hospital", label="出生医院", label_en="Hospital", max_length=60)], 1),
    _item("GA-1002", "出生登记（报户口）", "Birth household registration", "市公安局", "Public Security Bureau", "出生",
          Audience.PERSONAL, ("新生儿随父或随母落户。",
                              "The baby is registered in the household of the father or the mother."),
          [*_PERSONAL_FIELDS, _BABY,
           FormField(name="household_of", label="随谁落户", label_en="Registered with", type=FieldType.SELECT,
                     options=["随父", "随母"],
                     options_en=["With the father", "With the mother"])], 3, [_id_card_material(), _BIRTH_CERT]),
    _item("YB-1003", "新生儿医保参保登记", "Newborn medical insurance", "市医疗保障局", "Healthcare Security Bureau", "出生",
          Audience.PERSONAL, ("新生儿参加城乡居民基本医疗保险。",
                              "The baby joins resident basic medical insurance."), [*_PERSONAL_FIELDS, _BABY], 1,
          [_id_card_material(), _BIRTH_CERT]),
    _item("RS-1004", "新生儿社保卡申领", "Newborn social security card", "市人力资源和社会保障局",
          "Human Resources and Social Security Bureau", "出生", Audience.PERSONAL, ("为新生儿申领社会保障卡。",
                                                                                  "A social security card for the baby."),
          [*_PERSONAL_FIELDS, _BABY,
           FormField(name="card_delivery", label="领卡方式", label_en="Card delivery", type=FieldType.SELECT,
                     options=["网点自取", "邮寄到家"], options_en=["Collect at a branch", "Post it home"])], 5),
]

BUNDLES = [
    merge_bundle(code="YJS-01", name="企业开办一件事", name_en="Starting a business (one-stop)",
                 summary="营业执照、公章、发票、社保登记、银行开户一次申请、并联办理，最快 1 个工作日办结。",
                 summary_en="Business licence, seals, invoices, social insurance and a bank account in one "
                            "application, "
                            "handled in parallel: done in as little as 1 working day.",
                 theme="一件事", department="市政务服务管理局", department_en="Government Services Administration",
                 audience=Audience.ENTERPRISE, members=_START_UP_MEMBERS, keywords=["企业开办", "开公司", "qykb"]),
    merge_bundle(code="YJS-02", name="新生儿出生一件事", name_en="A baby is born (one-stop)",
                 summary="出生医学证明、户口登记、医保参保、社保卡申领一次办。",
                 summary_en="Birth certificate, household registration, medical insurance and a social security card "
                            "in one go.",
                 theme="一件事", department="市政务服务管理局", department_en="Government Services Administration",
                 audience=Audience.PERSONAL, members=_NEWBORN_MEMBERS, keywords=["出生", "新生儿", "上户口", "xse"]),
]

POLICY_ITEM = _item(
    "CZ-0902", "惠企政策兑现申报", "Enterprise support policy application", "市发展和改革委员会",
    "Development and Reform Commission", "惠企政策", Audience.ENTERPRISE,
    ("符合条件的企业申报惠企政策资金；企业信息由登记系统带出，免填免交。",
     "Eligible enterprises apply for support funds; the company details come from the register, nothing to fill in."),
    [*_PERSONAL_FIELDS,
     FormField(name="uscc", label="统一社会信用代码", label_en="Unified social credit code", type=FieldType.USCC),
     _company_name(),
     FormField(name="policy", label="申报政策", label_en="Policy", max_length=100),
     FormField(name="bank_account", label="企业对公账号", label_en="Company bank account", max_length=30)], 10,
    [_id_card_material(), Material(code="M-LIC", name="营业执照", name_en="Business licence", form="电子",
                                   note="系统自动调取，无需提交", note_en="fetched by the system: nothing to hand in")])

PARK_ITEMS = [*_START_UP_MEMBERS[1:], *_NEWBORN_MEMBERS, POLICY_ITEM, *BUNDLES]


def _c(kind: K, text: tuple[str, str], *values: str, number: int = 0) -> PolicyCondition:
    return PolicyCondition(kind=kind, values=list(values), number=number, text=text[0], text_en=text[1])


POLICIES = [
    Policy(code="P-WGFH", name="失业保险稳岗返还", name_en="Job stabilisation refund", department="市人社局",
           summary="上年度未裁员或裁员率低于标准的参保企业返还部分失业保险费。", benefit="最高返还上年度实缴失业保险费的 60%",
           department_en="Human Resources and Social Security Bureau",
           summary_en="Insured enterprises with no or few layoffs last year get part of their unemployment "
                      "insurance back.",
           benefit_en="Up to 60% of last year's unemployment insurance contributions",
           item_code="RS-0901", conditions=[_c(K.MIN_YEARS, ("成立并参保满 1 年",
                                                             "Established and insured for at least 1 year"), number=1)]),
    Policy(code="P-DBDK", name="小微企业创业担保贷款贴息", name_en="Start-up loan interest subsidy", department="市财政局",
           summary="成立 3 年内的小型、微型企业申请创业担保贷款，财政贴息。", benefit="贷款最高 300 万元，贴息 50%",
           department_en="Finance Bureau",
           summary_en="Small and micro enterprises under 3 years old get a guaranteed start-up loan with "
                      "subsidised interest.",
           benefit_en="Loans up to 3 million CNY, half the interest paid",
           item_code="CZ-0902", conditions=[_c(K.SIZE, ("小型或微型企业",
                                                        "A small or micro enterprise"), "micro", "small"),
                                            _c(K.MAX_YEARS, ("成立不满 3 年",
                                                             "Established less than 3 years ago"), number=3)]),
    Policy(code="P-RJBZ", name="高新区软件企业研发补助", name_en="Software R&D grant (high-tech zone)",
           department="高新区管委会", summary="注册在高新区的软件和信息技术服务企业，按研发投入给予补助。",
           benefit="按上年度研发投入的 10% 补助，最高 100 万元",
           department_en="High-tech Zone Administrative Committee",
           summary_en="Software and IT service enterprises registered in the high-tech zone get a grant for their R&D.",
           benefit_en="10% of last year's R&D spending, up to 1 million CNY", item_code="CZ-0902",
           conditions=[_c(K.INDUSTRY, ("行业为软件和信息技术服务业（I65）",
                                       "Software and IT services (I65)"), "I65"),
                       _c(K.DISTRICT, ("注册地在高新区", "Registered in the high-tech zone"), "高新区")]),
    Policy(code="P-JGBT", name="制造业技术改造补贴", name_en="Manufacturing upgrade subsidy", department="市工信局",
           summary="实施技术改造的制造业企业，按设备投资额给予补贴。", benefit="设备投资额的 8%，最高 500 万元",
           department_en="Industry and Information Technology Bureau",
           summary_en="Manufacturers upgrading their technology get a subsidy on the equipment they invest in.",
           benefit_en="8% of the equipment investment, up to 5 million CNY",
           item_code="CZ-0902", conditions=[_c(K.INDUSTRY, ("行业为制造业（C）", "Manufacturing (C)"), "C"),
                                            _c(K.MIN_YEARS, ("成立满 2 年",
                                                             "Established at least 2 years ago"), number=2),
                                            _c(K.MIN_EMPLOYEES, ("职工 20 人以上", "20 employees or more"), number=20)],
           valid_until=dt.date(2027, 12, 31)),
]


@dataclass(frozen=True)
class RegisteredEnterprise:
    profile: EnterpriseProfile
    legal_representative: str          # ID numbers: they stay on the platform
    agents: tuple[str, ...] = ()


ENTERPRISES = [
    RegisteredEnterprise(EnterpriseProfile(
        uscc=_uscc("91330106MA2H3K7L0"), name="星河软件科技有限公司", industry_code="I6513",
        industry_name="应用软件开发", size=EnterpriseSize.SMALL, district="高新区", established=dt.date(2024, 3, 1),
        employees=35, address="高新区创新路 88 号 3 幢 501 室"), "11010519491231002X"),
    RegisteredEnterprise(EnterpriseProfile(
        uscc=_uscc("91330110MA27WX3P2"), name="恒远精密制造有限公司", industry_code="C3484",
        industry_name="机械零部件加工", size=EnterpriseSize.MEDIUM, district="经开区", established=dt.date(2015, 6, 18),
        employees=180, address="经开区工业大道 16 号"), "110101198001010053", ("11010519491231002X",)),
    RegisteredEnterprise(EnterpriseProfile(
        uscc=_uscc("92330102MA2KQ8RT5"), name="青禾餐饮管理有限公司", industry_code="H6210",
        industry_name="正餐服务", size=EnterpriseSize.MICRO, district="老城区", established=dt.date(2026, 5, 12),
        employees=6, address="老城区河坊街 21 号"), "110101198001010053"),
    RegisteredEnterprise(EnterpriseProfile(
        uscc=_uscc("91330108MA2J0N4Q6"), name="云栖数据服务有限公司", industry_code="I6550",
        industry_name="信息技术咨询服务", size=None, district="高新区", established=dt.date(2023, 1, 9),
        employees=None, address="高新区云栖路 5 号"), "110101198001010053"),
]

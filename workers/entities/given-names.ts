// Given names, a feature of the name tagger (tagger.ts): common given names of the region the press covers
// (Azerbaijani, Turkish, Central Asian, Russian, Arabic and Persian) and of the wider world, some in Cyrillic.
// Folded like the text.

import { foldPattern } from "./fold.ts";

const russianGivenNames =
  `Владимир Сергей Дмитрий Алексей Александр Михаил Николай Иван Игорь Олег Юрий Андрей Павел Борис
  Виктор Евгений Максим Денис Антон Константин Вячеслав Рамзан Шавкат Эмомали Садыр Сердар Нурсултан Реджеп Касым
  Мехрибан Анна Мария Елена Ольга Татьяна Наталья Светлана Ирина Екатерина Валентина Джейхун Анар Мухтар Хикмет
  Эльмар Эльнур Фуад Ван Ли Чжан`.split(/\s+/);

export const givenNames = new Set(
  `anar elvin elnur elchin elshad elmar elmir elnar emin emil eldar eldaniz elkhan elman farid fuad farhad fikrat
  hikmat ilham ilgar ilkin intigam jeyhun kamran mahir mubariz mukhtar murad namik natig nizami novruz orkhan
  polad ramiz ramil rashad rasim ravan rovshan ruslan samir sahib sahil shahin shamil tural turan tofig vugar vusal
  yashar zaur zakir ziya heydar haydar geydar aydin ayaz azer babek bakhtiyar hasan hassan huseyn huseyin hussein
  jeyhun mehriban leyla leila aynur gunel gulnar gulnara sevinj sevil aida arzu nigar nargiz narmin lala lale
  aysel aytan arzu fidan kamala konul sabina samira shahla ulviyya vusala zarifa zenfira zahra zeynab jamila
  aliya mehriban gular gulshan afag ilaha saida rena
  mehmet mustafa ahmet ahmed ali veli recep tayyip ibrahim ismail yusuf osman kemal erdogan hakan cevdet mevlut
  emine ayse fatma zeynep elif merve hulusi binali devlet kursat nursultan kassym kasym jomart askar marat nurlan
  yerlan daniyar shavkat abdulaziz bakhtiyor rustam sadyr almazbek emomali serdar gurbanguly saparmurat
  vladimir dmitry dmitri sergei sergey alexei alexey alexander aleksandr mikhail nikolai ivan igor oleg yuri
  andrei andrey pavel boris viktor valentina maria elena olga tatiana natalia svetlana irina anna ekaterina
  maxim maksim denis artem anton evgeny yevgeny konstantin vyacheslav volodymyr petro viktor kirill
  mohammed mohammad muhammad mohamed abdullah abdul abdel khalid omar umar hamad tamim salman faisal fahd sultan
  hamid hamed reza ali akbar hossein hassan masoud mahmoud javad ebrahim abbas amir
  john james robert michael william david richard joseph thomas charles christopher daniel matthew anthony mark
  donald steven paul andrew joshua kenneth kevin brian george timothy ronald edward jason jeffrey ryan jacob gary
  nicholas eric jonathan stephen larry justin scott brandon benjamin samuel gregory frank alexander raymond
  patrick jack dennis jerry tyler aaron jose adam henry nathan douglas zachary peter kyle walter ethan jeremy
  harold keith christian roger noah gerald carl terry sean austin arthur lawrence jesse dylan bryan joe jordan
  billy bruce albert willie gabriel logan alan juan wayne roy ralph randy eugene vincent russell elijah louis
  bobby philip johnny mary patricia jennifer linda elizabeth barbara susan jessica sarah karen nancy lisa betty
  margaret sandra ashley kimberly emily donna michelle dorothy carol amanda melissa deborah stephanie rebecca
  sharon laura cynthia kathleen amy shirley angela helen brenda pamela nicole emma samantha katherine christine
  debra rachel catherine carolyn janet ruth heather diane virginia julie joyce olivia judith megan kelly
  martha andrea frances gloria teresa ann kathryn sara janice jean alice madison doris abigail julia judy grace
  denise amber marilyn beverly danielle theresa sophia marie diana brittany natalie isabella charlotte rose
  alexis kayla antonio emmanuel francois jean pierre jacques michel olaf angela ursula annalena friedrich
  giorgia mario matteo sergio pedro luis carlos javier miguel rishi keir boris liz theresa narendra rahul
  shinzo fumio yoshihide moon yoon lee kim park`
    .split(/\s+/)
    .concat(russianGivenNames.map((name) => foldPattern(name))),
);
